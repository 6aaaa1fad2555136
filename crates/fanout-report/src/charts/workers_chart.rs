//! The log-log axes every chart against workers (or concurrency) draws its panels on:
//! a log-2 axis with a tick at each count measured, a log axis of round figures.

use std::ops::Range;

use plotters::coord::combinators::{LogCoord, WithKeyPoints};
use plotters::prelude::*;

use crate::charts::DrawResult;
use crate::charts::axes;
use crate::charts::canvas::{self, Area, FONT};
use crate::charts::series::Chart;

/// A panel's chart: counts on x, a figure on y, both on log scales.
pub(crate) type WorkersChart<'a, 'b> =
    Chart<'a, 'b, WithKeyPoints<LogCoord<f64>>, WithKeyPoints<LogCoord<f64>>>;

/// What a panel's axes say.
pub(crate) struct Labels<'a> {
    /// The caption above the panel.
    pub(crate) caption: &'a str,
    /// The x axis's description.
    pub(crate) x: &'a str,
    /// The y axis's description.
    pub(crate) y: &'a str,
    /// How a y tick is written.
    pub(crate) y_format: fn(f64) -> String,
}

/// Draws the axes of a panel over `counts` on x and `y_range` on y, with its labels, and
/// returns the chart to draw on.
pub(crate) fn draw_axes<'a, 'b>(
    area: &'a Area<'b>,
    counts: &[usize],
    y_range: Range<f64>,
    labels: &Labels<'_>,
) -> DrawResult<WorkersChart<'a, 'b>> {
    let (x_range, x_ticks) = axes::workers_axis(counts);
    let y_ticks = axes::log_ticks(&y_range);
    let mut chart = ChartBuilder::on(area)
        .caption(labels.caption, (FONT, 16))
        .margin(10)
        .x_label_area_size(40)
        .y_label_area_size(62)
        .build_cartesian_2d(
            x_range.log_scale().with_key_points(x_ticks),
            y_range.log_scale().with_key_points(y_ticks),
        )?;
    canvas::mesh(&mut chart)
        .x_desc(labels.x)
        .y_desc(labels.y)
        .x_label_formatter(&|count| format!("{count:.0}"))
        .y_label_formatter(&|value| (labels.y_format)(*value))
        .draw()?;
    Ok(chart)
}
