//! Latency against offered load: open-loop runs paced at fractions of each row's own
//! throughput, one panel per percentile, one line per engine, on a common axis of that
//! fraction so every row's knee lines up against its own saturation at 1.

use std::ops::Range;
use std::path::Path;

use fanout_harness::measure::Percentiles;
use plotters::prelude::*;

use crate::charts::canvas::{self, Area, FONT};
use crate::charts::palette::{IDEAL_COLOR, Stroke};
use crate::charts::series::{self, Line};
use crate::charts::{Chart, DrawResult, Drawer, axes};
use crate::data::Results;
use crate::data::latency::{LatencyRow, Loop, Pacing};
use crate::data::rows;
use crate::format;

/// The chart.
pub(crate) const DRAWER: Drawer = Drawer {
    chart: Chart {
        file: "latency-open-loop.svg",
        title: "Latency against offered load (open loop)",
        about: "Items arrive at a fixed rate, a fraction of the row's own measured throughput \
                (one marker per rate, the x axis), and latency counts from each item's \
                scheduled arrival, so time spent queued behind a slow engine counts too. \
                Since each row is paced against its own throughput, the x axis is common to \
                all: the dashed line at 1 is each row's saturation, and the knee shows how \
                close to it a row keeps its latency flat. One panel per percentile; lower is \
                better.",
    },
    missing,
    draw,
};

const WIDTH: u32 = 1_260;
const PANEL_HEIGHT: u32 = 360;

/// Picks one percentile out of a distribution.
type Percentile = fn(&Percentiles) -> u64;

/// The percentiles drawn, with their names.
const PERCENTILES: [(&str, Percentile); 3] = [
    ("p50", |percentiles| percentiles.p50),
    ("p99", |percentiles| percentiles.p99),
    ("p99.9", |percentiles| percentiles.p999),
];

/// The words of the line at load 1.
const SATURATION_LABEL: &str = "offered = the row's own throughput";

/// The rows drawn and their open loops with a known load, as (load, loop).
fn measured(results: &Results) -> Vec<(&LatencyRow, Vec<(f64, &Loop)>)> {
    let mut measured: Vec<_> = results
        .latency
        .iter()
        .filter(|row| series::is_scaling_row(&row.row))
        .filter_map(|row| {
            let open: Vec<_> = row
                .loops
                .iter()
                .filter(|run| matches!(run.pacing, Pacing::Open(_)))
                .filter_map(|run| Some((run.load?, run)))
                .collect();
            (!open.is_empty()).then_some((row, open))
        })
        .collect();
    measured.sort_by_key(|(row, _)| rows::order(&row.row));
    measured
}

fn missing(results: &Results) -> Option<String> {
    measured(results).is_empty().then(|| {
        String::from(
            "no open-loop figures in `fanout/latency.jsonl`: run `cargo bench --bench latency`",
        )
    })
}

fn draw(results: &Results, path: &Path) -> DrawResult<()> {
    let measured = measured(results);
    let panels: Vec<(&str, Vec<Line>)> = PERCENTILES
        .iter()
        .map(|&(name, figure)| {
            let lines = measured
                .iter()
                .map(|(row, open)| {
                    let points = open
                        .iter()
                        .map(|&(load, run)| (load, figure(&run.percentiles).max(1) as f64))
                        .collect();
                    Line::of_row(&row.row, points)
                })
                .collect();
            (name, lines)
        })
        .collect();
    let mut legend = series::legend(panels.iter().flat_map(|(_, lines)| lines));
    legend.push(Line::guide_entry(SATURATION_LABEL));
    // One x axis for every panel, from no load to the busiest loop measured.
    let busiest = panels
        .iter()
        .flat_map(|(_, lines)| lines)
        .flat_map(|line| &line.points)
        .map(|&(load, _)| load)
        .fold(1.0, f64::max);
    let x_range = 0.0..busiest * 1.05;
    let (first, _) = measured[0];
    canvas::panel_page(
        path,
        (WIDTH, PANEL_HEIGHT),
        (DRAWER.chart.title, &results.machine.subtitle()),
        legend,
        &panels,
        |area, (name, lines)| {
            let caption = format!("{name}, {}, {} workers", first.workload, first.workers);
            draw_panel(area, &caption, x_range.clone(), lines)
        },
    )
}

fn draw_panel(
    area: &Area<'_>,
    caption: &str,
    x_range: Range<f64>,
    lines: &[Line],
) -> DrawResult<()> {
    let y_range = axes::log_range_over(lines.iter().flat_map(|line| &line.points).map(|&(_, y)| y));
    let y_ticks = axes::log_ticks(&y_range);
    let mut chart = ChartBuilder::on(area)
        .caption(caption, (FONT, 16))
        .margin(10)
        // Room for the last tick's label, which is centred on the plot's right edge.
        .margin_right(30)
        .x_label_area_size(40)
        .y_label_area_size(70)
        .build_cartesian_2d(
            x_range,
            y_range.clone().log_scale().with_key_points(y_ticks),
        )?;
    canvas::mesh(&mut chart)
        .x_desc("offered load, fraction of the row's own throughput")
        .y_desc("latency, log (lower is better)")
        .x_label_formatter(&|load| format!("{load:.1}"))
        .y_label_formatter(&|nanos| format::duration(*nanos))
        .draw()?;
    let saturation = Line::derived(
        SATURATION_LABEL,
        IDEAL_COLOR,
        Stroke::Dashed,
        vec![(1.0, y_range.start), (1.0, y_range.end)],
    );
    series::draw_lines(&mut chart, std::slice::from_ref(&saturation))?;
    series::draw_lines(&mut chart, lines)
}
