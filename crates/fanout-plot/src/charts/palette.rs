//! One colour and line style per row, the same in every chart.

use plotters::style::RGBColor;

use crate::data::rows;

/// Seven distinguishable colours (Tableau 10's first six and its cyan), one per engine in
/// the registry's order; an engine beyond them takes them again from the first.
const ENGINE_COLORS: [RGBColor; 7] = [
    RGBColor(31, 119, 180),
    RGBColor(255, 127, 14),
    RGBColor(44, 160, 44),
    RGBColor(214, 39, 40),
    RGBColor(148, 103, 189),
    RGBColor(140, 86, 75),
    RGBColor(23, 190, 207),
];

/// The batch baseline's colour.
const RAYON_PAR_ITER_COLOR: RGBColor = RGBColor(227, 119, 194);
/// The static-split baseline's colour.
const STATIC_SPLIT_COLOR: RGBColor = RGBColor(188, 189, 34);
/// The sequential baseline's colour.
pub(crate) const SEQUENTIAL_COLOR: RGBColor = RGBColor(0, 0, 0);
/// The colour of ideal lines (perfect scaling, ratio 1).
pub(crate) const IDEAL_COLOR: RGBColor = RGBColor(110, 110, 110);
/// Text that says less than a title: subtitles, notes.
pub(crate) const QUIET_TEXT: RGBColor = RGBColor(90, 90, 90);
/// Rows the registry does not know.
const OTHER_COLOR: RGBColor = RGBColor(160, 160, 160);

/// How a line is drawn.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Stroke {
    /// A solid line: the engines.
    Solid,
    /// A dashed line: references, the batch baseline, ideals.
    Dashed,
    /// A dotted line: the sequential baseline.
    Dotted,
}

/// The colour of `row`: an engine's own; a reference takes its engine's, lightened.
pub(crate) fn color(row: &str) -> RGBColor {
    if let Some(index) = rows::engines().position(|engine| engine == row) {
        return ENGINE_COLORS[index % ENGINE_COLORS.len()];
    }
    if let Some(engine) = rows::primitive_of(row) {
        return lighten(color(engine));
    }
    match row {
        rows::RAYON_PAR_ITER => RAYON_PAR_ITER_COLOR,
        rows::SEQUENTIAL_ROW => SEQUENTIAL_COLOR,
        rows::STATIC_SPLIT => STATIC_SPLIT_COLOR,
        _ => OTHER_COLOR,
    }
}

/// How `row`'s line is drawn: engines solid, so they stand out from what they are
/// measured against.
pub(crate) fn stroke(row: &str) -> Stroke {
    if rows::is_engine(row) {
        Stroke::Solid
    } else if row == rows::SEQUENTIAL_ROW {
        Stroke::Dotted
    } else {
        Stroke::Dashed
    }
}

/// Halfway to white.
fn lighten(RGBColor(red, green, blue): RGBColor) -> RGBColor {
    let halfway = |channel: u8| channel / 2 + 128;
    RGBColor(halfway(red), halfway(green), halfway(blue))
}

/// A colour for a figure relative to the best (1.0): green at the best, yellow at a
/// third as good on a log scale, red at an eighth or worse.
pub(crate) fn relative_shade(relative: f64) -> RGBColor {
    const GOOD: (f64, f64, f64) = (26.0, 152.0, 80.0);
    const MIDDLE: (f64, f64, f64) = (254.0, 224.0, 139.0);
    const BAD: (f64, f64, f64) = (215.0, 48.0, 39.0);
    let badness = (-relative.log2() / 3.0).clamp(0.0, 1.0);
    let (from, to, t) = if badness < 0.5 {
        (GOOD, MIDDLE, badness * 2.0)
    } else {
        (MIDDLE, BAD, badness * 2.0 - 1.0)
    };
    let mix = |a: f64, b: f64| (a + (b - a) * t).round() as u8;
    RGBColor(mix(from.0, to.0), mix(from.1, to.1), mix(from.2, to.2))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_engine_has_its_own_colour_and_references_follow_theirs() {
        let colors: Vec<RGBColor> = rows::engines().map(color).collect();
        for (index, first) in colors.iter().enumerate() {
            assert!(!colors[index + 1..].contains(first));
        }
        let reference = rows::reference_of("crossbeam").unwrap();
        assert_eq!(color(reference), lighten(color("crossbeam")));
        assert_eq!(relative_shade(1.0), RGBColor(26, 152, 80));
        assert_eq!(relative_shade(0.01), RGBColor(215, 48, 39));
    }
}
