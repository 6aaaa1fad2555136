//! [`Line`]: one row's points in a panel, drawn in its colour and stroke; the legend
//! entries for a set of lines; and [`WorkersPanel`], one workload's lines against workers.

use std::ops::Range;

use plotters::prelude::*;

use crate::charts::DrawResult;
use crate::charts::canvas::{Entry, Marker};
use crate::charts::palette::{self, IDEAL_COLOR, Stroke};
use crate::charts::{hidden, markers};
use crate::data::Results;
use crate::data::group::Group;
use crate::data::interval::Interval;
use crate::data::rows;
use crate::data::timing::Timing;

/// A line through measured points, with a dot at each.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Line {
    /// What the legend calls it.
    pub(crate) label: String,
    /// Its colour.
    pub(crate) color: RGBColor,
    /// How it is drawn.
    pub(crate) stroke: Stroke,
    /// The marker at each point: measured points have one, derived lines none.
    pub(crate) marker: Option<Marker>,
    /// The points, in x order.
    pub(crate) points: Vec<(f64, f64)>,
    /// The 95% interval at each point as (x, low, high), in x order: drawn as a light
    /// band in the line's colour; empty for a line without spread.
    pub(crate) band: Vec<(f64, f64, f64)>,
}

/// How opaque a line's band is: light enough that crossing bands stay readable.
const BAND_OPACITY: f64 = 0.15;

impl Line {
    /// A row's measured points, in the row's colour and stroke.
    pub(crate) fn of_row(row: &str, mut points: Vec<(f64, f64)>) -> Line {
        points.sort_by(|a, b| a.0.total_cmp(&b.0));
        Line {
            label: row.to_owned(),
            color: palette::color(row),
            stroke: palette::stroke(row),
            marker: Some(palette::marker(row)),
            points,
            band: Vec::new(),
        }
    }

    /// A row's measured figures with their intervals: the line through the figures and
    /// the band between the ends of the intervals.
    pub(crate) fn of_row_with_spread(row: &str, mut figures: Vec<(f64, Interval)>) -> Line {
        figures.sort_by(|a, b| a.0.total_cmp(&b.0));
        let mut line = Line::of_row(row, Vec::new());
        line.points = figures
            .iter()
            .map(|&(x, figure)| (x, figure.value))
            .collect();
        line.band = figures
            .iter()
            .map(|&(x, figure)| (x, figure.low, figure.high))
            .collect();
        line
    }

    /// Every y the line reaches, its band's ends included: what its axis must hold.
    pub(crate) fn y_extent(&self) -> impl Iterator<Item = f64> + '_ {
        let band = self.band.iter().flat_map(|&(_, low, high)| [low, high]);
        self.points.iter().map(|&(_, y)| y).chain(band)
    }

    /// A line derived from the figures rather than measured (a level, an ideal): no dots.
    pub(crate) fn derived(
        label: &str,
        color: RGBColor,
        stroke: Stroke,
        points: Vec<(f64, f64)>,
    ) -> Line {
        Line {
            label: label.to_owned(),
            color,
            stroke,
            marker: None,
            points,
            band: Vec::new(),
        }
    }

    /// A grey dashed level at `y` across `x`: an ideal or a target.
    pub(crate) fn guide(label: &str, y: f64, x: &Range<f64>) -> Line {
        Line::derived(
            label,
            IDEAL_COLOR,
            Stroke::Dashed,
            vec![(x.start, y), (x.end, y)],
        )
    }

    /// The legend entry of a [`Line::guide`].
    pub(crate) fn guide_entry(label: &str) -> Entry {
        Line::derived(label, IDEAL_COLOR, Stroke::Dashed, Vec::new()).entry()
    }

    /// Its legend entry.
    pub(crate) fn entry(&self) -> Entry {
        Entry {
            label: self.label.clone(),
            color: self.color,
            stroke: Some(self.stroke),
            marker: self.marker,
        }
    }
}

/// One workload's panel of a chart against workers: the worker counts measured and one
/// line per scaling row, as the throughput and efficiency charts draw them.
pub(crate) struct WorkersPanel {
    /// The workload (or what else the panel shows), its caption.
    pub(crate) workload: String,
    /// Every worker count measured in its group.
    pub(crate) workers: Vec<usize>,
    /// A line per row.
    pub(crate) lines: Vec<Line>,
}

impl WorkersPanel {
    /// The scaling rows of `workload`'s throughput group, each a line through `value` of
    /// its timings at each worker count with the band of its interval (timings without a
    /// value are skipped).
    pub(crate) fn of(
        results: &Results,
        workload: String,
        value: impl Fn(&Timing) -> Option<Interval>,
    ) -> WorkersPanel {
        let group = Group::Throughput(workload.clone());
        WorkersPanel::of_group(results, &group, workload, is_scaling_row, value)
    }

    /// The rows of `group` that `draws` takes, each a line through `value` of its timings
    /// at each worker count with the band of its interval, under `caption`.
    pub(crate) fn of_group(
        results: &Results,
        group: &Group,
        caption: String,
        draws: impl Fn(&str) -> bool,
        value: impl Fn(&Timing) -> Option<Interval>,
    ) -> WorkersPanel {
        let workers = results
            .in_group(group)
            .map(|timing| timing.workers)
            .collect();
        let lines = results
            .rows_in(group)
            .into_iter()
            .filter(|row| draws(row))
            .map(|row| {
                let points = results
                    .in_group(group)
                    .filter(|timing| timing.row == row)
                    .filter_map(|timing| Some((timing.workers as f64, value(timing)?)))
                    .collect();
                Line::of_row_with_spread(row, points)
            })
            .collect();
        WorkersPanel {
            workload: caption,
            workers,
            lines,
        }
    }
}

/// The rows a scaling chart draws: the engines and the batch baseline (the references
/// have a chart of their own, and `sequential` is drawn as a level).
pub(crate) fn is_scaling_row(row: &str) -> bool {
    rows::is_engine(row) || row == rows::RAYON_PAR_ITER
}

/// The legend entries of `lines`, each label once, in the order first drawn.
pub(crate) fn legend<'a>(lines: impl IntoIterator<Item = &'a Line>) -> Vec<Entry> {
    let mut entries: Vec<Entry> = Vec::new();
    for line in lines {
        if !entries.iter().any(|entry| entry.label == line.label) {
            entries.push(line.entry());
        }
    }
    entries
}

/// A chart with any f64 axes on the SVG page.
pub(crate) type Chart<'a, 'b, X, Y> = ChartContext<'a, SVGBackend<'b>, Cartesian2d<X, Y>>;

/// Draws `lines` on a chart whose both axes take f64 values, their bands first so that no
/// band covers a line, with a note for any line hidden under a later one.
pub(crate) fn draw_lines<X, Y>(chart: &mut Chart<'_, '_, X, Y>, lines: &[Line]) -> DrawResult<()>
where
    X: Ranged<ValueType = f64>,
    Y: Ranged<ValueType = f64>,
{
    for line in lines {
        draw_band(chart, line)?;
    }
    for line in lines {
        let style = ShapeStyle::from(&line.color).stroke_width(2);
        let points = line.points.iter().copied();
        match line.stroke {
            Stroke::Solid => {
                chart.draw_series(LineSeries::new(points, style))?;
            }
            Stroke::Dashed => {
                chart.draw_series(DashedLineSeries::new(points, 8, 5, style))?;
            }
            Stroke::Dotted => {
                chart.draw_series(DashedLineSeries::new(points, 2, 4, style))?;
            }
        }
        if let Some(marker) = line.marker {
            if !marker.filled {
                // A white ground under a hollow marker, so the line does not run through it.
                chart.draw_series(
                    line.points
                        .iter()
                        .map(|&point| Circle::new(point, markers::RADIUS, WHITE.filled())),
                )?;
            }
            chart.draw_series(line.points.iter().map(|&point| marker.at(point, style)))?;
        }
    }
    hidden::note_hidden(chart, lines)
}

/// The band of `line`'s intervals: a light area between the ends, or, at a lone point
/// where there is no area to draw, a whisker. Points without width add nothing.
fn draw_band<X, Y>(chart: &mut Chart<'_, '_, X, Y>, line: &Line) -> DrawResult<()>
where
    X: Ranged<ValueType = f64>,
    Y: Ranged<ValueType = f64>,
{
    if !line.band.iter().any(|&(_, low, high)| low < high) {
        return Ok(());
    }
    if let [(x, low, high)] = line.band[..] {
        let style = ShapeStyle::from(&line.color.mix(0.5)).stroke_width(2);
        chart.draw_series(std::iter::once(PathElement::new(
            [(x, low), (x, high)],
            style,
        )))?;
        return Ok(());
    }
    let upper = line.band.iter().map(|&(x, _, high)| (x, high));
    let lower = line.band.iter().rev().map(|&(x, low, _)| (x, low));
    chart.draw_series(std::iter::once(Polygon::new(
        upper.chain(lower).collect::<Vec<_>>(),
        line.color.mix(BAND_OPACITY).filled(),
    )))?;
    Ok(())
}
