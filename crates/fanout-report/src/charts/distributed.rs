//! Where distribution pays: fanout-nats with 1, 2 and 4 worker processes against
//! in-process crossbeam with as many workers, over work per item, as throughput and as
//! NATS's share of crossbeam's throughput against the 0.8 target.

use std::ops::Range;
use std::path::Path;

use plotters::prelude::*;

use crate::charts::canvas::{self, Area, FONT};
use crate::charts::markers::{Marker, ROW_SHAPES};
use crate::charts::palette::{self, SEQUENTIAL_COLOR, Stroke};
use crate::charts::series::{self, Line};
use crate::charts::{Chart, DrawResult, Drawer, axes};
use crate::conclusions::distributed::{SHARE_TARGET, processes};
use crate::data::Results;
use crate::data::distributed::{DistributedPoint, WorkAxis, process_counts};
use crate::format;
use fanout_harness::measure::Interval;

/// The chart.
pub(crate) const DRAWER: Drawer = Drawer {
    chart: Chart {
        file: "distributed.svg",
        title: "Where distribution pays: NATS worker processes against in-process crossbeam",
        about: "The distributed bench's workloads at their nominal work per item (log scale; \
                noop, which has none, a decade left of the lightest), one colour per worker \
                count: fanout-nats with that many \
                `fanout worker` processes of one worker each on a local `nats-server` (solid, \
                filled markers) against in-process `crossbeam` with as many workers (dashed, \
                hollow markers), and `sequential` (dotted). Left, items per second (log \
                scale); right, NATS throughput over crossbeam's, with the 0.8 target dashed: \
                distribution pays from the work where a line crosses it (the break-even the \
                page quotes is that crossing). Each figure is the \
                median of the bench's timed runs; the light band around a line spans the \
                runs' quartiles (for the share, each side's quartile against the other's \
                opposite one). Higher is better.",
    },
    missing,
    draw,
};

const WIDTH: u32 = 1_260;
const PANEL_HEIGHT: u32 = 400;
const SEQUENTIAL_LABEL: &str = "sequential (the work inline)";

fn missing(results: &Results) -> Option<String> {
    results.distributed.is_empty().then(|| {
        String::from(
            "no `fanout/distributed.jsonl`: run \
             `cargo bench --bench distributed` (needs `nats-server`)",
        )
    })
}

fn draw(results: &Results, path: &Path) -> DrawResult<()> {
    let points = &results.distributed;
    let axis = WorkAxis::of(points);
    let rates = rate_lines(points, axis);
    let shares = share_lines(points, axis);
    let legend = series::legend(rates.iter().chain(&shares));
    let page = canvas::page(
        path,
        WIDTH,
        canvas::grid_height(2, PANEL_HEIGHT),
        DRAWER.chart.title,
        &results.machine.subtitle(),
        legend,
    )?;
    let areas = canvas::grid(&page.body, 2);
    let rate_range = axes::log_range_over(rates.iter().flat_map(Line::y_extent));
    draw_panel(
        &areas[0],
        points,
        axis,
        "throughput",
        "items/s, log (higher is better)",
        rate_range,
        &rates,
    )?;
    let share_range = axes::log_range_over(shares.iter().flat_map(Line::y_extent));
    draw_panel(
        &areas[1],
        points,
        axis,
        "NATS over crossbeam",
        "NATS items/s over crossbeam's, log",
        share_range,
        &shares,
    )?;
    page.finish()
}

/// One line per process count through `figure` of its points, at each workload's work.
fn by_processes(
    points: &[DistributedPoint],
    axis: WorkAxis,
    figure: impl Fn(&DistributedPoint) -> Option<Interval>,
) -> Vec<(usize, Vec<(f64, Interval)>)> {
    process_counts(points)
        .into_iter()
        .map(|processes| {
            let line = points
                .iter()
                .filter(|point| point.processes == processes)
                .filter_map(|point| Some((axis.place(point.work_nanos), figure(point)?)))
                .collect();
            (processes, line)
        })
        .collect()
}

/// A process count's line in its colour with the band of its spread: NATS solid and
/// filled, crossbeam dashed and hollow, as engines and their references are drawn
/// elsewhere.
fn line(label: String, index: usize, nats: bool, figures: &[(f64, Interval)]) -> Line {
    let shape = ROW_SHAPES[index % ROW_SHAPES.len()];
    let points = figures
        .iter()
        .map(|&(x, figure)| (x, figure.value))
        .collect();
    let band = figures
        .iter()
        .map(|&(x, figure)| (x, figure.low, figure.high))
        .collect();
    Line {
        label,
        color: palette::series_color(index),
        stroke: if nats { Stroke::Solid } else { Stroke::Dashed },
        marker: Some(if nats {
            Marker::filled(shape)
        } else {
            Marker::hollow(shape)
        }),
        points,
        band,
    }
}

fn rate_lines(points: &[DistributedPoint], axis: WorkAxis) -> Vec<Line> {
    let sequential = by_processes(points, axis, DistributedPoint::sequential_rate)
        .into_iter()
        .next()
        .map(|(_, figures)| {
            let mut sequential = Line::of_row_with_spread("sequential", figures);
            sequential.label = SEQUENTIAL_LABEL.to_owned();
            sequential.color = SEQUENTIAL_COLOR;
            sequential
        });
    let crossbeam = by_processes(points, axis, DistributedPoint::crossbeam_rate);
    let nats = by_processes(points, axis, DistributedPoint::nats_rate);
    let mut lines: Vec<Line> = sequential.into_iter().collect();
    for (index, ((count, crossbeam), (_, nats))) in crossbeam.into_iter().zip(nats).enumerate() {
        lines.push(line(
            format!("crossbeam, {}", format::workers(count)),
            index,
            false,
            &crossbeam,
        ));
        lines.push(line(
            format!("NATS, {}", processes(count)),
            index,
            true,
            &nats,
        ));
    }
    lines
}

fn share_lines(points: &[DistributedPoint], axis: WorkAxis) -> Vec<Line> {
    let mut lines = vec![Line::guide(
        &format!("target: {SHARE_TARGET} of crossbeam's throughput"),
        SHARE_TARGET,
        &axis.range(points),
    )];
    for (index, (count, share)) in by_processes(points, axis, DistributedPoint::share)
        .into_iter()
        .enumerate()
    {
        lines.push(line(
            format!("NATS, {}", processes(count)),
            index,
            true,
            &share,
        ));
    }
    lines
}

fn draw_panel(
    area: &Area<'_>,
    points: &[DistributedPoint],
    axis: WorkAxis,
    caption: &str,
    y_description: &str,
    y_range: Range<f64>,
    lines: &[Line],
) -> DrawResult<()> {
    let y_ticks = axes::log_ticks(&y_range);
    let x_range = axis.range(points);
    // No work, then the 1-2-5 steps from the lightest work measured up.
    let lightest = axis.floor_nanos * 10.0;
    let x_ticks: Vec<f64> = std::iter::once(axis.floor_nanos)
        .chain(axes::log_ticks(&(lightest..x_range.end)))
        .collect();
    let mut chart = ChartBuilder::on(area)
        .caption(caption, (FONT, 16))
        .margin(14)
        .x_label_area_size(40)
        .y_label_area_size(62)
        .build_cartesian_2d(
            x_range.log_scale().with_key_points(x_ticks),
            y_range.log_scale().with_key_points(y_ticks),
        )?;
    canvas::mesh(&mut chart)
        .x_desc("nominal work per item, log (noop: none)")
        .y_desc(y_description)
        .x_label_formatter(&|work| {
            if (work / axis.floor_nanos - 1.0).abs() < 1e-9 {
                String::from("noop")
            } else {
                format::duration(*work)
            }
        })
        .y_label_formatter(&|value| format::si(*value))
        .draw()?;
    series::draw_lines(&mut chart, lines)
}
