//! Horizontal bars on a log axis, one per labelled row, each from a base value (1 for a
//! ratio) to its own, with its figure written beside it. Every panel of a page shares one
//! axis, fitted to what the page draws, so that bars compare across panels.

use std::ops::Range;
use std::path::Path;

use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use crate::charts::DrawResult;
use crate::charts::axes;
use crate::charts::canvas::{self, Area, FONT};
use crate::charts::palette::IDEAL_COLOR;

/// One bar.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Bar {
    /// The row it stands for.
    pub(crate) label: String,
    /// Where it ends.
    pub(crate) value: f64,
    /// Its colour.
    pub(crate) color: RGBColor,
    /// The figure written at its end.
    pub(crate) note: String,
    /// The ends of its 95% interval, drawn as a whisker across the bar's end; `None`
    /// where the figure has no spread.
    pub(crate) spread: Option<(f64, f64)>,
}

impl Bar {
    /// Where the bar's drawing reaches on either side: its value and its whisker.
    fn reach(&self) -> (f64, f64) {
        let (low, high) = self.spread.unwrap_or((self.value, self.value));
        (low.min(self.value), high.max(self.value))
    }
}

/// The whiskers' colour: dark enough to read on every bar colour, and not a row's.
const WHISKER_COLOR: RGBColor = RGBColor(40, 40, 40);

/// A panel of bars: its caption, the x axis's description and formatter, and the base
/// the bars grow from (drawn as a line when it is a ratio's 1).
pub(crate) struct BarPanel<'a> {
    /// The panel's caption.
    pub(crate) caption: &'a str,
    /// The x axis's description, with its unit.
    pub(crate) x_description: &'a str,
    /// How tick values are written.
    pub(crate) format: fn(f64) -> String,
    /// Where bars start; `None` starts them at the axis.
    pub(crate) base: Option<f64>,
    /// The bars, drawn top to bottom.
    pub(crate) bars: Vec<Bar>,
}

/// Pixels a bar panel needs per bar, and around them.
fn panel_height(bars: usize) -> u32 {
    90 + 30 * bars as u32
}

/// Draws a whole page of bar `panels` in a grid, each as tall as the fullest needs.
pub(crate) fn draw_page(
    path: &Path,
    width: u32,
    title: &str,
    subtitle: &str,
    panels: &[BarPanel<'_>],
) -> DrawResult<()> {
    let most_bars = panels
        .iter()
        .map(|panel| panel.bars.len())
        .max()
        .unwrap_or(0);
    let page = Page::of(panels);
    canvas::panel_page(
        path,
        (width, panel_height(most_bars)),
        (title, subtitle),
        Vec::new(),
        panels,
        |area, panel| draw(area, panel, &page),
    )
}

/// Pixels a character of a figure or label takes, at most.
const CHARACTER_WIDTH: u32 = 7;
/// Pixels around a panel's plotting area.
const MARGIN: u32 = 10;
/// The least a page's axis spans, as a factor from end to end: differences of a few
/// percent are not drawn as if they were large.
const LEAST_SPAN: f64 = 2.0;

/// What every panel of a page shares: the values drawn (bars, whiskers and bases), the
/// longest figure written beside a bar, and the longest row label.
struct Page {
    low: f64,
    high: f64,
    longest_note: usize,
    longest_label: usize,
}

impl Page {
    fn of(panels: &[BarPanel<'_>]) -> Page {
        let values = panels.iter().flat_map(|panel| {
            panel
                .bars
                .iter()
                .flat_map(|bar| {
                    let (low, high) = bar.reach();
                    [low, high]
                })
                .chain(panel.base)
        });
        let (low, high) = values
            .filter(|value| *value > 0.0)
            .fold((f64::INFINITY, f64::NEG_INFINITY), |(low, high), value| {
                (low.min(value), high.max(value))
            });
        let bars = || panels.iter().flat_map(|panel| &panel.bars);
        Page {
            low: if low.is_finite() { low } else { 1.0 },
            high: if high.is_finite() { high } else { 10.0 },
            longest_note: bars()
                .map(|bar| bar.note.chars().count())
                .max()
                .unwrap_or(0),
            longest_label: bars()
                .map(|bar| bar.label.chars().count())
                .max()
                .unwrap_or(4),
        }
    }

    /// The y label area's width.
    fn label_area(&self) -> u32 {
        20 + CHARACTER_WIDTH * self.longest_label as u32
    }

    /// The width of the column right of the plot where the figures are written.
    fn note_area(&self) -> u32 {
        CHARACTER_WIDTH * (self.longest_note as u32 + 1)
    }

    /// The x axis: the values widened to at least [`LEAST_SPAN`] about their middle, with
    /// a little room on either side.
    fn x_range(&self) -> Range<f64> {
        let (mut low, mut high) = (self.low.ln(), self.high.ln());
        let short = LEAST_SPAN.ln() - (high - low);
        if short > 0.0 {
            low -= short / 2.0;
            high += short / 2.0;
        }
        let room = 0.05 * (high - low);
        (low - room).exp()..(high + room).exp()
    }
}

/// Draws `panel` on `area`, on the axis `page` sets.
fn draw(area: &Area<'_>, panel: &BarPanel<'_>, page: &Page) -> DrawResult<()> {
    let count = panel.bars.len() as i32;
    let x_range = page.x_range();
    // A bar panel's axis is narrow: powers of ten where two or more fall in it, else the
    // 1-2-5 steps, else finer ones.
    let steps = axes::log_ticks(&x_range);
    let powers_of_ten: Vec<f64> = steps
        .iter()
        .copied()
        .filter(|&tick| axes::is_power_of_ten(tick))
        .collect();
    let ticks = if powers_of_ten.len() >= 2 {
        powers_of_ten
    } else if steps.len() >= 3 {
        steps
    } else {
        axes::fine_log_ticks(&x_range)
    };
    let start = panel.base.unwrap_or(x_range.start);
    // The caption spans the whole panel: over the plot alone a long one ran off its left.
    let area = area.titled(panel.caption, (FONT, 16))?;
    // The figures go in a column right of the plot, level with their bars: beside a bar's
    // end they needed an axis twice as wide as the bars.
    let (plot, notes) =
        area.split_horizontally(area.dim_in_pixel().0.saturating_sub(page.note_area()));
    let mut chart = ChartBuilder::on(&plot)
        .margin(MARGIN)
        .x_label_area_size(40)
        .y_label_area_size(page.label_area())
        .build_cartesian_2d(
            x_range.clone().log_scale().with_key_points(ticks),
            axes::categories(panel.bars.len()),
        )?;
    let labels: Vec<&str> = panel.bars.iter().map(|bar| bar.label.as_str()).collect();
    canvas::mesh(&mut chart)
        .disable_y_mesh()
        .y_labels(labels.len() + 1)
        .y_label_formatter(&|value| axes::category(&labels, value))
        .x_desc(panel.x_description)
        .x_label_formatter(&|value| (panel.format)(*value))
        .draw()?;
    for (row, bar) in panel.bars.iter().enumerate() {
        let segment = axes::top_down(count, row);
        let (from, to) = (start.min(bar.value), start.max(bar.value));
        let mut rectangle = Rectangle::new(
            [
                (from, SegmentValue::Exact(segment)),
                (to, SegmentValue::Exact(segment + 1)),
            ],
            bar.color.filled(),
        );
        rectangle.set_margin(5, 5, 0, 0);
        chart.draw_series(std::iter::once(rectangle))?;
        // The interval as a whisker across the bar's end, at the bar's middle.
        if let Some((low, high)) = bar.spread.filter(|(low, high)| low < high) {
            let middle = SegmentValue::CenterOf(segment);
            chart.draw_series(std::iter::once(PathElement::new(
                [(low, middle.clone()), (high, middle)],
                ShapeStyle::from(&WHISKER_COLOR).stroke_width(2),
            )))?;
        }
        let (_, level) = chart.backend_coord(&(x_range.end, SegmentValue::CenterOf(segment)));
        notes.draw_text(
            &bar.note,
            &TextStyle::from((FONT, 12).into_font()).pos(Pos::new(HPos::Left, VPos::Center)),
            (2, level - notes.get_base_pixel().1),
        )?;
    }
    if let Some(base) = panel.base {
        let line = [
            (base, SegmentValue::Exact(0)),
            (base, SegmentValue::Exact(count)),
        ];
        chart.draw_series(std::iter::once(PathElement::new(
            line,
            ShapeStyle::from(&IDEAL_COLOR).stroke_width(1),
        )))?;
    }
    Ok(())
}
