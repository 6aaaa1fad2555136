//! Efficiency against queue capacity on the `efficiency-capacity` bench's workload at
//! workers = cores: how deep the queues must be for the workers to keep the cores busy, every
//! engine (solid) beside the hand-written loop on its primitive (dashed).

use std::path::Path;

use plotters::prelude::*;

use crate::charts::canvas::{self, FONT};
use crate::charts::series::{self, Line};
use crate::charts::{Chart, DrawResult, Drawer, axes};
use crate::data::Results;
use crate::data::efficiency_capacity::{CapacityEfficiency, capacities, rows_of};
use crate::format;

/// The chart.
pub(crate) const DRAWER: Drawer = Drawer {
    chart: Chart {
        file: "efficiency-capacity.svg",
        title: "Efficiency against queue capacity (workers = cores)",
        about: "Speed-up over `sequential` divided by min(workers, cores), as the job and \
                result queues deepen from the default (2 x workers) to 256 items, every \
                engine (solid) and the hand-written loop on its primitive (dashed). A deeper \
                queue lets the feeder and the consumer, two more threads beside the workers, \
                wake once for many items instead of once per item; the dashed line at 0.9 is \
                the project's target. Each point is the median of the bench's runs; the \
                light band around a line spans their quartiles.",
    },
    missing,
    draw,
};

/// The efficiency the project set as its target on spin-10us at workers = cores.
pub(crate) const TARGET: f64 = 0.9;

const WIDTH: u32 = 1_000;
const HEIGHT: u32 = 460;
const TARGET_LABEL: &str = "target: 0.9";

fn missing(results: &Results) -> Option<String> {
    results.efficiency_by_capacity.is_empty().then(|| {
        String::from(
            "no `fanout/efficiency_capacity.jsonl`: run `cargo bench --bench \
                 efficiency-capacity`",
        )
    })
}

fn draw(results: &Results, path: &Path) -> DrawResult<()> {
    let points = &results.efficiency_by_capacity;
    let capacities = capacities(points);
    let lines: Vec<Line> = rows_of(points)
        .into_iter()
        .map(|row| {
            let mine = points.iter().filter(|point| point.row == row);
            Line::of_row_with_spread(
                row,
                mine.map(|point| (point.capacity as f64, point.interval()))
                    .collect(),
            )
        })
        .collect();
    let mut legend = series::legend(&lines);
    legend.push(Line::guide_entry(TARGET_LABEL));
    let page = canvas::page(
        path,
        WIDTH,
        HEIGHT,
        DRAWER.chart.title,
        &results.machine.subtitle(),
        legend,
    )?;
    let first: &CapacityEfficiency = &points[0];
    let places: Vec<f64> = capacities.iter().map(|&capacity| capacity as f64).collect();
    let x_range = axes::log_range(places[0], places[places.len() - 1]);
    let highest = lines.iter().flat_map(Line::y_extent).fold(1.0, f64::max);
    let mut chart = ChartBuilder::on(&page.body)
        .caption(
            format!("{}, {} workers", first.workload, first.workers),
            (FONT, 16),
        )
        .margin(10)
        .x_label_area_size(40)
        .y_label_area_size(50)
        .build_cartesian_2d(
            x_range.clone().log_scale().with_key_points(places),
            0.0..highest * 1.1,
        )?;
    canvas::mesh(&mut chart)
        .x_desc("queue capacity, items (log)")
        .y_desc("speed-up / usable cores (higher is better)")
        .x_label_formatter(&|capacity| format!("{capacity:.0}"))
        .y_label_formatter(&|value| format::significant(*value))
        .draw()?;
    let target = Line::guide(TARGET_LABEL, TARGET, &x_range);
    series::draw_lines(&mut chart, std::slice::from_ref(&target))?;
    series::draw_lines(&mut chart, &lines)?;
    page.finish()
}
