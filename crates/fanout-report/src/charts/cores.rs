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
/// Pixels between the line and its labels.
const LABEL_GAP: i32 = 4;
/// Height of one label's line of text.
const LABEL_LINE: i32 = 14;
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

/// Names the line and the shade at the top of the chart, one above the other, each on a
/// white ground so that it reads over any line: on the shaded side where they fit
/// there, else on the other. Draw it after the lines.
pub(crate) fn label_cores<X, Y>(chart: &mut Chart<'_, '_, X, Y>, cores: usize) -> DrawResult<()>
where
    X: Ranged<ValueType = f64>,
    Y: Ranged<ValueType = f64>,
{
    let Some(cores) = cores_on_axis(chart, cores) else {
        return Ok(());
    };
    let top = (cores, chart.y_range().end);
    let longest = [CORES_LABEL, OVERSUBSCRIBED_LABEL]
        .iter()
        .map(|words| LABEL_CHARACTER_WIDTH * words.chars().count() as i32)
        .max()
        .unwrap_or(0);
    let room_right =
        chart.backend_coord(&(chart.x_range().end, top.1)).0 - chart.backend_coord(&top).0;
    let rightwards = room_right >= longest + 2 * LABEL_GAP;
    for (line, words) in [CORES_LABEL, OVERSUBSCRIBED_LABEL].into_iter().enumerate() {
        let width = LABEL_CHARACTER_WIDTH * words.chars().count() as i32;
        let (left, text_x, anchor) = if rightwards {
            (LABEL_GAP, LABEL_GAP, HPos::Left)
        } else {
            (-LABEL_GAP - width, -LABEL_GAP, HPos::Right)
        };
        let y = 3 + LABEL_LINE * line as i32;
        let style = (FONT, 11)
            .into_font()
            .color(&QUIET_TEXT)
            .pos(Pos::new(anchor, VPos::Top));
        chart.draw_series(std::iter::once(
            EmptyElement::at(top)
                + Rectangle::new(
                    [(left - 2, y - 1), (left + width + 2, y + LABEL_LINE - 1)],
                    WHITE.mix(0.85).filled(),
                )
                + Text::new(words, (text_x, y), style),
        ))?;
    }
    Ok(())
}
