//! The capacity sweep: throughput on noop at workers = cores as the queues go from
//! rendezvous (capacity 0) to 1024 deep, one line per engine.

use std::path::Path;

use plotters::prelude::*;

use crate::charts::canvas::{self, FONT};
use crate::charts::series::{self, Line};
use crate::charts::{Chart, DrawResult, Drawer, axes};
use crate::data::Results;
use crate::data::group::Group;
use crate::format;

/// The chart.
pub(crate) const DRAWER: Drawer = Drawer {
    chart: Chart {
        file: "capacity.svg",
        title: "Throughput against queue capacity (noop, workers = cores)",
        about: "Items per second with no work per item, so only the queues show, as their \
                capacity goes from 0 (a rendezvous: every hand-off waits for the other side, \
                as Go's unbuffered channels in the seed) to 1024. `tokio` serves 0 as 1, the \
                smallest its channel allows. The light band around each line is its 95% \
                interval.",
    },
    missing,
    draw,
};

const WIDTH: u32 = 1_000;
const HEIGHT: u32 = 440;

/// Where a capacity sits on the x axis: one past it on a log scale, so that 0, a
/// rendezvous, has a place.
fn place(capacity: usize) -> f64 {
    capacity as f64 + 1.0
}

fn missing(results: &Results) -> Option<String> {
    results.capacities().is_empty().then(|| {
        String::from(
            "no `capacity/*` groups in criterion's output: run `cargo bench --bench capacity`",
        )
    })
}

fn draw(results: &Results, path: &Path) -> DrawResult<()> {
    let capacities = results.capacities();
    let mut rows: Vec<&str> = Vec::new();
    for capacity in &capacities {
        for row in results.rows_in(&Group::Capacity(*capacity)) {
            if series::is_scaling_row(row) && !rows.contains(&row) {
                rows.push(row);
            }
        }
    }
    crate::data::rows::sort(&mut rows);
    let lines: Vec<Line> = rows
        .iter()
        .map(|row| {
            let points = capacities
                .iter()
                .filter_map(|&capacity| {
                    let timing = results.at_cores(&Group::Capacity(capacity), row)?;
                    Some((place(capacity), timing.rate()))
                })
                .collect();
            Line::of_row_with_spread(row, points)
        })
        .collect();
    let page = canvas::page(
        path,
        WIDTH,
        HEIGHT,
        DRAWER.chart.title,
        &results.machine.subtitle(),
        series::legend(&lines),
    )?;
    let y_range = axes::log_range_over(lines.iter().flat_map(Line::y_extent));
    let y_ticks = axes::log_ticks(&y_range);
    let places: Vec<f64> = capacities.iter().map(|&capacity| place(capacity)).collect();
    let x_range = axes::log_range(
        place(capacities[0]),
        place(capacities[capacities.len() - 1]),
    );
    let label = |at: &f64| match capacities.iter().find(|&&capacity| place(capacity) == *at) {
        Some(0) => String::from("0 (rendezvous)"),
        Some(capacity) => capacity.to_string(),
        None => String::new(),
    };
    let mut chart = ChartBuilder::on(&page.body)
        .caption(format!("noop, {} workers", results.cores()), (FONT, 16))
        .margin(10)
        .x_label_area_size(40)
        .y_label_area_size(62)
        .build_cartesian_2d(
            x_range.log_scale().with_key_points(places),
            y_range.log_scale().with_key_points(y_ticks),
        )?;
    canvas::mesh(&mut chart)
        .x_desc("queue capacity, items (log of capacity + 1)")
        .y_desc("items/s, log (higher is better)")
        .x_label_formatter(&label)
        .y_label_formatter(&|value| format::si(*value))
        .draw()?;
    series::draw_lines(&mut chart, &lines)?;
    page.finish()
}
