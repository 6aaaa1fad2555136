//! Closed-loop latency: each row's p50, p99 and p99.9 on one log axis, one line of the
//! chart per row, so the spread from the median to the tail shows at a glance.

use std::path::Path;

use plotters::prelude::*;

use crate::charts::canvas::{self, Entry, FONT, Marker};
use crate::charts::markers::Shape;
use crate::charts::{Chart, DrawResult, Drawer, axes, palette};
use crate::data::Results;
use crate::data::latency::{LatencyRow, Loop, Pacing};
use crate::data::rows;
use crate::format;

/// The chart.
pub(crate) const DRAWER: Drawer = Drawer {
    chart: Chart {
        file: "latency-closed-loop.svg",
        title: "Latency per item, closed loop: p50, p99 and p99.9",
        about: "Each item's time from leaving the input to its result reaching the consumer, \
                with items pulled as fast as the engine takes them (closed loop), at workers = \
                cores. The hollow dot is the median, the filled one p99, the cross p99.9; the \
                line joins them. A long line is a heavy tail.",
    },
    missing,
    draw,
};

const WIDTH: u32 = 1_000;

/// The rows with a complete closed loop and that loop, in the registry's order.
fn measured(results: &Results) -> Vec<(&LatencyRow, &Loop)> {
    let mut measured: Vec<(&LatencyRow, &Loop)> = results
        .latency
        .iter()
        .filter_map(|row| Some((row, row.pacing(Pacing::Closed)?)))
        .collect();
    measured.sort_by_key(|(row, _)| rows::order(&row.row));
    measured
}

fn missing(results: &Results) -> Option<String> {
    measured(results).is_empty().then(|| {
        String::from(
            "no closed-loop figures in `fanout/latency.jsonl`: run `cargo bench --bench latency`",
        )
    })
}

fn draw(results: &Results, path: &Path) -> DrawResult<()> {
    let measured = measured(results);
    let count = measured.len() as i32;
    let figures: Vec<[f64; 3]> = measured
        .iter()
        .map(|(_, run)| {
            let percentiles = run.percentiles;
            // A log axis has no zero; a figure under 1 ns is drawn at 1 ns.
            [percentiles.p50, percentiles.p99, percentiles.p999].map(|nanos| nanos.max(1) as f64)
        })
        .collect();
    let x_range = axes::log_range_over(figures.iter().flatten().copied());
    let ticks = axes::log_ticks(&x_range);
    let (first, _) = measured[0];
    let marker_entry = |label: &str, marker: Marker| Entry {
        label: label.to_owned(),
        color: BLACK,
        stroke: None,
        marker: Some(marker),
    };
    let legend = vec![
        marker_entry("p50", Marker::hollow(Shape::Circle)),
        marker_entry("p99", Marker::filled(Shape::Circle)),
        marker_entry("p99.9", Marker::filled(Shape::Cross)),
    ];
    let page = canvas::page(
        path,
        WIDTH,
        100 + 30 * count as u32,
        DRAWER.chart.title,
        &results.machine.subtitle(),
        legend,
    )?;
    let caption = format!(
        "{}, {} workers, capacity {}, {} items",
        first.workload, first.workers, first.capacity, first.items
    );
    let labels: Vec<&str> = measured.iter().map(|(row, _)| row.row.as_str()).collect();
    let mut chart = ChartBuilder::on(&page.body)
        .caption(caption, (FONT, 16))
        .margin(10)
        // Room for the last tick's label, which is centred on the plot's right edge.
        .margin_right(30)
        .x_label_area_size(40)
        .y_label_area_size(160)
        .build_cartesian_2d(
            x_range.log_scale().with_key_points(ticks),
            axes::categories(measured.len()),
        )?;
    canvas::mesh(&mut chart)
        .disable_y_mesh()
        .y_labels(labels.len() + 1)
        .y_label_formatter(&|value| axes::category(&labels, value))
        .x_desc("latency per item, log (lower is better)")
        .x_label_formatter(&|nanos| format::duration(*nanos))
        .draw()?;
    for (row, ((latency, _), [p50, p99, p999])) in measured.iter().zip(&figures).enumerate() {
        let segment = axes::top_down(count, row);
        let y = || SegmentValue::CenterOf(segment);
        let color = palette::color(&latency.row);
        let style = ShapeStyle::from(&color).stroke_width(2);
        chart.draw_series(std::iter::once(PathElement::new(
            vec![(*p50, y()), (*p999, y())],
            style,
        )))?;
        chart.draw_series([
            Circle::new((*p50, y()), 5, ShapeStyle::from(&WHITE).filled()),
            Circle::new((*p50, y()), 5, style),
            Circle::new((*p99, y()), 5, style.filled()),
        ])?;
        chart.draw_series(std::iter::once(Cross::new((*p999, y()), 6, style)))?;
    }
    page.finish()
}
