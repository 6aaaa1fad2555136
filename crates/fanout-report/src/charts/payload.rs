//! The payload sweep: throughput at workers = cores as each item grows from 8 bytes to
//! 16 KiB, one line per engine, with `sequential` beside them.

use std::path::Path;

use plotters::prelude::*;

use crate::charts::canvas::{self, FONT};
use crate::charts::series::{self, Line};
use crate::charts::{Chart, DrawResult, Drawer, axes};
use crate::data::Results;
use crate::data::group::{self, Group};
use crate::data::rows;
use crate::format;

/// The chart.
pub(crate) const DRAWER: Drawer = Drawer {
    chart: Chart {
        file: "payload.svg",
        title: "Throughput against item size (workers = cores)",
        about: "Items per second as each item carries more bytes to its worker and back, \
                8 B to 16 KiB (both axes log). Where engines meet `sequential` (dotted), \
                copying the bytes costs more than the parallelism gains. The light band around \
                each line is its 95% interval.",
    },
    missing,
    draw,
};

const WIDTH: u32 = 1_000;
const HEIGHT: u32 = 440;

fn missing(results: &Results) -> Option<String> {
    let sized = results
        .payloads()
        .iter()
        .any(|payload| group::payload_bytes(payload).is_some());
    (!sized).then(|| {
        String::from(
            "no `payload/*` groups in criterion's output: run `cargo bench --bench payload`",
        )
    })
}

fn draw(results: &Results, path: &Path) -> DrawResult<()> {
    let sizes: Vec<(String, f64)> = results
        .payloads()
        .into_iter()
        .filter_map(|payload| {
            let bytes = group::payload_bytes(&payload)? as f64;
            Some((payload, bytes))
        })
        .collect();
    let mut row_names: Vec<&str> = Vec::new();
    for (payload, _) in &sizes {
        for row in results.rows_in(&Group::Payload(payload.clone())) {
            let drawn = series::is_scaling_row(row) || row == rows::SEQUENTIAL_ROW;
            if drawn && !row_names.contains(&row) {
                row_names.push(row);
            }
        }
    }
    rows::sort(&mut row_names);
    let lines: Vec<Line> = row_names
        .iter()
        .map(|row| {
            let points = sizes
                .iter()
                .filter_map(|(payload, bytes)| {
                    let timing = results.at_cores(&Group::Payload(payload.clone()), row)?;
                    Some((*bytes, timing.rate()))
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
    let x_ticks: Vec<f64> = sizes.iter().map(|&(_, bytes)| bytes).collect();
    let smallest = x_ticks.iter().copied().fold(f64::INFINITY, f64::min);
    let largest = x_ticks.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    let mut chart = ChartBuilder::on(&page.body)
        .caption(format!("{} workers", results.cores()), (FONT, 16))
        .margin(10)
        .x_label_area_size(40)
        .y_label_area_size(62)
        .build_cartesian_2d(
            (smallest / 1.6..largest * 1.6)
                .log_scale()
                .with_key_points(x_ticks),
            y_range.log_scale().with_key_points(y_ticks),
        )?;
    canvas::mesh(&mut chart)
        .x_desc("bytes per item (log)")
        .y_desc("items/s, log (higher is better)")
        .x_label_formatter(&|bytes| format::bytes(*bytes))
        .y_label_formatter(&|value| format::si(*value))
        .draw()?;
    series::draw_lines(&mut chart, &lines)?;
    page.finish()
}
