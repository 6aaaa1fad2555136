//! Horizontal bars on a log axis, one per labelled row, each from a base value (1 for a
//! ratio) to its own, with its figure written beside it.

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
    canvas::panel_page(
        path,
        (width, panel_height(most_bars)),
        (title, subtitle),
        Vec::new(),
        panels,
        draw,
    )
}

/// Draws `panel` on `area`.
fn draw(area: &Area<'_>, panel: &BarPanel<'_>) -> DrawResult<()> {
    let count = panel.bars.len() as i32;
    let values = panel
        .bars
        .iter()
        .flat_map(|bar| {
            let (low, high) = bar.reach();
            [low, high]
        })
        .chain(panel.base);
    // Room on either side for the figure written past a bar's end.
    let low = values.clone().fold(f64::INFINITY, f64::min) / 2.0;
    let high = values.fold(f64::NEG_INFINITY, f64::max) * 2.5;
    let x_range = axes::log_range(low, high);
    let ticks = axes::log_ticks(&x_range);
    let start = panel.base.unwrap_or(x_range.start);
    let longest_label = panel.bars.iter().map(|bar| bar.label.len()).max();
    let mut chart = ChartBuilder::on(area)
        .caption(panel.caption, (FONT, 16))
        .margin(10)
        .x_label_area_size(40)
        .y_label_area_size(20 + 7 * longest_label.unwrap_or(4) as u32)
        .build_cartesian_2d(
            x_range.log_scale().with_key_points(ticks),
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
        // The figure goes right of the bar and its whisker, or of the base for a bar
        // that grew left: written left of such a bar, a long figure ran into the row
        // labels.
        let (_, reach_high) = bar.reach();
        chart.draw_series(std::iter::once(Text::new(
            format!(" {}", bar.note),
            (reach_high.max(start), SegmentValue::CenterOf(segment)),
            TextStyle::from((FONT, 12).into_font()).pos(Pos::new(HPos::Left, VPos::Center)),
        )))?;
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
