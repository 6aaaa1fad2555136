//! Workers = cores on a workers axis: a line at the machine's core count, and the side
//! past it, where workers outnumber the cores and take turns on them, shaded and named.

use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use crate::charts::DrawResult;
use crate::charts::canvas::FONT;
use crate::charts::palette::QUIET_TEXT;
use crate::charts::series::Chart;

/// The line's words.
const CORES_LABEL: &str = "workers = cores";
/// The shaded side's words.
const OVERSUBSCRIBED_LABEL: &str = "oversubscribed";
/// Pixels a character of the labels takes, at most: the viewer's font decides.
const LABEL_CHARACTER_WIDTH: i32 = 6;
/// The shade: light enough that every line and marker still reads on it.
const SHADE: RGBAColor = RGBAColor(120, 120, 120, 0.12);

/// Where `cores` falls on the chart's workers axis, if it does.
fn cores_on_axis<X, Y>(chart: &Chart<'_, '_, X, Y>, cores: usize) -> Option<f64>
where
    X: Ranged<ValueType = f64>,
    Y: Ranged<ValueType = f64>,
{
    let x = chart.x_range();
    let cores = cores as f64;
    (cores >= x.start && cores < x.end).then_some(cores)
}

/// Shades the oversubscribed side and draws the line at `cores` workers, where they fall
/// on the chart. Draw it before the lines, so they lie on top.
pub(crate) fn shade_oversubscribed<X, Y>(
    chart: &mut Chart<'_, '_, X, Y>,
    cores: usize,
) -> DrawResult<()>
where
    X: Ranged<ValueType = f64>,
    Y: Ranged<ValueType = f64>,
{
    let Some(cores) = cores_on_axis(chart, cores) else {
        return Ok(());
    };
    let (x, y) = (chart.x_range(), chart.y_range());
    chart.draw_series(std::iter::once(Rectangle::new(
        [(cores, y.start), (x.end, y.end)],
        SHADE.filled(),
    )))?;
    chart.draw_series(DashedLineSeries::new(
        [(cores, y.start), (cores, y.end)],
        4,
        3,
        ShapeStyle::from(&QUIET_TEXT).stroke_width(1),
    ))?;
    Ok(())
}

/// Names the line and the shade at the top of the chart, either side of the line, each
/// on a white ground so that it reads over any line. Draw it after the lines.
pub(crate) fn label_cores<X, Y>(chart: &mut Chart<'_, '_, X, Y>, cores: usize) -> DrawResult<()>
where
    X: Ranged<ValueType = f64>,
    Y: Ranged<ValueType = f64>,
{
    let Some(cores) = cores_on_axis(chart, cores) else {
        return Ok(());
    };
    let top = (cores, chart.y_range().end);
    for (words, leftwards) in [(CORES_LABEL, true), (OVERSUBSCRIBED_LABEL, false)] {
        let width = LABEL_CHARACTER_WIDTH * words.chars().count() as i32;
        let (left, anchor) = if leftwards {
            (-4 - width, HPos::Right)
        } else {
            (4, HPos::Left)
        };
        let style = (FONT, 11)
            .into_font()
            .color(&QUIET_TEXT)
            .pos(Pos::new(anchor, VPos::Top));
        let text_x = if leftwards { -4 } else { 4 };
        chart.draw_series(std::iter::once(
            EmptyElement::at(top)
                + Rectangle::new(
                    [(left - 2, 2), (left + width + 2, 16)],
                    WHITE.mix(0.85).filled(),
                )
                + Text::new(words, (text_x, 3), style),
        ))?;
    }
    Ok(())
}
