//! One colour, line style and marker per row, the same in every chart. The colours are
//! colour-blind safe (Okabe and Ito's set, then Paul Tol's), and each row has its own
//! marker shape as well, so no reader has to tell two rows apart by colour alone.

use fanout_harness::go::{COMPARED_GO_ROWS, GO_POOL, GO_SEED, GO_STATIC_SPLIT};
use plotters::style::RGBColor;

use crate::charts::markers::{ASYNC_ROW_SHAPES, Marker, ROW_SHAPES, Shape};
use crate::data::rows;

/// Seven colours that stay apart for every kind of colour blindness: Okabe and Ito's
/// six that read on white (their yellow does not) and Paul Tol's indigo, one per engine
/// in the registry's order; an engine beyond them takes them again from the first.
const ENGINE_COLORS: [RGBColor; 7] = [
    RGBColor(0, 114, 178),
    RGBColor(230, 159, 0),
    RGBColor(0, 158, 115),
    RGBColor(213, 94, 0),
    RGBColor(204, 121, 167),
    RGBColor(86, 180, 233),
    RGBColor(51, 34, 136),
];

/// The async engines' colours, apart from the engines' and the baselines': Paul Tol's
/// muted green, purple and teal, one per async engine in the registry's order.
const ASYNC_ENGINE_COLORS: [RGBColor; 3] = [
    RGBColor(17, 119, 51),
    RGBColor(170, 68, 153),
    RGBColor(68, 170, 153),
];

/// The batch baseline's colour: Paul Tol's wine, apart from every engine's.
const RAYON_PAR_ITER_COLOR: RGBColor = RGBColor(136, 34, 85);
/// The static-split baseline's colour: Paul Tol's olive.
const STATIC_SPLIT_COLOR: RGBColor = RGBColor(153, 153, 51);
/// The sequential baseline's colour.
pub(crate) const SEQUENTIAL_COLOR: RGBColor = RGBColor(0, 0, 0);
/// The colour of ideal lines (perfect scaling, ratio 1).
pub(crate) const IDEAL_COLOR: RGBColor = RGBColor(110, 110, 110);
/// Text that says less than a title: subtitles, notes.
pub(crate) const QUIET_TEXT: RGBColor = RGBColor(90, 90, 90);
/// Rows the registry does not know.
const OTHER_COLOR: RGBColor = RGBColor(160, 160, 160);
/// The Go rows' colours, `go-seed` then `go-pool`: Go's own cyan, then a dark teal, apart
/// from every engine's; `go-static-split` takes `static-split`'s, lightened.
const GO_COLORS: [RGBColor; 2] = [RGBColor(0, 173, 216), RGBColor(0, 90, 110)];

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
    if let Some(index) = rows::async_engines().position(|engine| engine == row) {
        return ASYNC_ENGINE_COLORS[index % ASYNC_ENGINE_COLORS.len()];
    }
    if let Some(engine) = rows::primitive_of(row) {
        return lighten(color(engine));
    }
    if let Some(index) = COMPARED_GO_ROWS.iter().position(|go| go.name == row) {
        return GO_COLORS[index];
    }
    match row {
        name if name == GO_STATIC_SPLIT.name => lighten(STATIC_SPLIT_COLOR),
        rows::RAYON_PAR_ITER => RAYON_PAR_ITER_COLOR,
        rows::SEQUENTIAL_ROW => SEQUENTIAL_COLOR,
        rows::STATIC_SPLIT => STATIC_SPLIT_COLOR,
        _ => OTHER_COLOR,
    }
}

/// The marker of `row`'s points: an engine's own shape, filled; a reference its
/// engine's shape, hollow; each baseline a shape no engine uses.
pub(crate) fn marker(row: &str) -> Marker {
    if let Some(index) = rows::engines().position(|engine| engine == row) {
        return Marker::filled(ROW_SHAPES[index % ROW_SHAPES.len()]);
    }
    if let Some(index) = rows::async_engines().position(|engine| engine == row) {
        return Marker::filled(ASYNC_ROW_SHAPES[index % ASYNC_ROW_SHAPES.len()]);
    }
    if let Some(engine) = rows::primitive_of(row) {
        return Marker::hollow(marker(engine).shape);
    }
    match row {
        // Shapes no engine takes: the Go rows share a panel with every Rust row.
        name if name == GO_SEED.name => Marker::filled(Shape::Star),
        name if name == GO_POOL.name => Marker::filled(Shape::Hourglass),
        name if name == GO_STATIC_SPLIT.name => Marker::hollow(Shape::Hexagon),
        rows::RAYON_PAR_ITER => Marker::filled(Shape::Cross),
        rows::STATIC_SPLIT => Marker::filled(Shape::Hexagon),
        rows::SEQUENTIAL_ROW => Marker::filled(Shape::Pentagon),
        _ => Marker::hollow(Shape::Circle),
    }
}

/// A colour for the `index`th of several series that are not rows (the process counts
/// of one chart), taken from the engines' colours in turn.
pub(crate) fn series_color(index: usize) -> RGBColor {
    ENGINE_COLORS[index % ENGINE_COLORS.len()]
}

/// How `row`'s line is drawn: engines solid, so they stand out from what they are
/// measured against.
pub(crate) fn stroke(row: &str) -> Stroke {
    if rows::is_engine(row)
        || rows::is_async_engine(row)
        || COMPARED_GO_ROWS.iter().any(|go| go.name == row)
    {
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

/// A colour for a figure relative to the best (1.0): blue at the best, near white at a
/// third as good on a log scale, red at an eighth or worse. Paul Tol's blue-red scale,
/// which colour-blind readers see as well (a green-red one they cannot).
pub(crate) fn relative_shade(relative: f64) -> RGBColor {
    const GOOD: (f64, f64, f64) = (67.0, 147.0, 195.0);
    const MIDDLE: (f64, f64, f64) = (247.0, 247.0, 247.0);
    const BAD: (f64, f64, f64) = (214.0, 96.0, 77.0);
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
        let all: Vec<(RGBColor, Marker)> = rows::engines()
            .chain(rows::async_engines())
            .map(|engine| (color(engine), marker(engine)))
            .collect();
        for (index, first) in all.iter().enumerate() {
            assert!(
                !all[index + 1..]
                    .iter()
                    .any(|other| other.0 == first.0 || other.1 == first.1)
            );
        }
        let reference = rows::reference_of("crossbeam").unwrap();
        assert_eq!(color(reference), lighten(color("crossbeam")));
        let markers: Vec<Marker> = rows::engines().map(marker).collect();
        for (index, first) in markers.iter().enumerate() {
            assert!(!markers[index + 1..].contains(first));
        }
        assert_eq!(marker(reference), Marker::hollow(marker("crossbeam").shape));
        assert_eq!(relative_shade(1.0), RGBColor(67, 147, 195));
        assert_eq!(relative_shade(0.01), RGBColor(214, 96, 77));
    }
}
