//! Lines hidden under others: a measured line whose every point lies under a point of
//! a measured line drawn after it cannot be seen, so the panel says so in words instead.
//! Guides (levels, ideals) are left out: they are drawn first, and a dashed guide does
//! not hide what lies under it.

use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use crate::charts::DrawResult;
use crate::charts::canvas::FONT;
use crate::charts::series::{Chart, Line};

/// Pixels apart within which two points draw as one.
const COVERED_WITHIN: i32 = 3;
/// Pixels a character of a note takes, at most: the viewer's font decides.
const NOTE_CHARACTER_WIDTH: i32 = 7;
/// Height of one note's line of text.
const NOTE_LINE: i32 = 14;

/// For each line of `lines` (in drawing order) hidden under a later one, the pair's
/// indices: (hidden, on top).
fn hidden_pairs(pixels: &[Vec<(i32, i32)>], labels: &[&str]) -> Vec<(usize, usize)> {
    let covers = |top: &[(i32, i32)], under: &[(i32, i32)]| {
        !under.is_empty()
            && under.iter().all(|&(x, y)| {
                top.iter().any(|&(top_x, top_y)| {
                    (x - top_x).abs() <= COVERED_WITHIN && (y - top_y).abs() <= COVERED_WITHIN
                })
            })
    };
    (0..pixels.len())
        .filter_map(|under| {
            let top = (under + 1..pixels.len()).rev().find(|&top| {
                labels[top] != labels[under] && covers(&pixels[top], &pixels[under])
            })?;
            Some((under, top))
        })
        .collect()
}

/// A corner of the plotting area, where the notes go.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Corner {
    LowerLeft,
    UpperLeft,
    LowerRight,
    UpperRight,
}

impl Corner {
    /// In order of preference: the lower left, where notes went before, first.
    const ALL: [Corner; 4] = [
        Corner::LowerLeft,
        Corner::UpperLeft,
        Corner::LowerRight,
        Corner::UpperRight,
    ];

    /// The pixel offsets, from the corner, of a block `width` wide holding `count` notes:
    /// its left and top edges, and where note `index` ends (its text's left and bottom).
    fn place(self, width: i32, count: usize) -> (i32, i32, impl Fn(usize) -> (i32, i32)) {
        let left = match self {
            Corner::LowerLeft | Corner::UpperLeft => 6,
            Corner::LowerRight | Corner::UpperRight => -6 - width,
        };
        let lower = matches!(self, Corner::LowerLeft | Corner::LowerRight);
        let height = NOTE_LINE * count as i32;
        let top = if lower { -4 - height } else { 4 };
        let note = move |index: usize| (left, top + NOTE_LINE * (index as i32 + 1));
        (left, top, note)
    }
}

/// How many of the lines' drawn pixels (their points, and points along each segment) fall
/// within the rectangle from `(left, top)`, `width` by `height`.
fn covered(pixels: &[Vec<(i32, i32)>], left: i32, top: i32, width: i32, height: i32) -> usize {
    const STEPS: i32 = 24;
    let inside = |(x, y): (i32, i32)| {
        (left..=left + width).contains(&x) && (top..=top + height).contains(&y)
    };
    pixels
        .iter()
        .flat_map(|line| {
            let points = line.iter().copied().filter(|&point| inside(point)).count();
            let along: usize = line
                .windows(2)
                .map(|pair| {
                    let ((x0, y0), (x1, y1)) = (pair[0], pair[1]);
                    (1..STEPS)
                        .filter(|step| {
                            inside((x0 + (x1 - x0) * step / STEPS, y0 + (y1 - y0) * step / STEPS))
                        })
                        .count()
                })
                .sum();
            [points, along]
        })
        .sum()
}

/// Writes a note for each line of `lines` hidden under a later one ("seed-layout hidden
/// under std-mpsc", in the hidden line's colour), in the corner of the panel that the
/// lines cross least.
pub(crate) fn note_hidden<X, Y>(chart: &mut Chart<'_, '_, X, Y>, lines: &[Line]) -> DrawResult<()>
where
    X: Ranged<ValueType = f64>,
    Y: Ranged<ValueType = f64>,
{
    let pixels_of = |line: &Line| -> Vec<(i32, i32)> {
        line.points
            .iter()
            .map(|point| chart.backend_coord(point))
            .collect()
    };
    // Guides are crossed as lines are, but hide nothing.
    let drawn: Vec<Vec<(i32, i32)>> = lines.iter().map(pixels_of).collect();
    let lines: Vec<&Line> = lines.iter().filter(|line| line.marker.is_some()).collect();
    let pixels: Vec<Vec<(i32, i32)>> = lines.iter().map(|line| pixels_of(line)).collect();
    let labels: Vec<&str> = lines.iter().map(|line| line.label.as_str()).collect();
    let notes: Vec<(usize, String)> = hidden_pairs(&pixels, &labels)
        .into_iter()
        .map(|(under, top)| {
            (
                under,
                format!("{} hidden under {}", labels[under], labels[top]),
            )
        })
        .collect();
    if notes.is_empty() {
        return Ok(());
    }
    let (x, y) = (chart.x_range(), chart.y_range());
    let anchor = |corner: Corner| match corner {
        Corner::LowerLeft => (x.start, y.start),
        Corner::UpperLeft => (x.start, y.end),
        Corner::LowerRight => (x.end, y.start),
        Corner::UpperRight => (x.end, y.end),
    };
    let width = notes
        .iter()
        .map(|(_, words)| NOTE_CHARACTER_WIDTH * words.chars().count() as i32)
        .max()
        .unwrap_or(0);
    let height = NOTE_LINE * notes.len() as i32;
    let crossings = |corner: Corner| {
        let (at_x, at_y) = chart.backend_coord(&anchor(corner));
        let (left, top, _) = corner.place(width, notes.len());
        covered(&drawn, at_x + left, at_y + top, width, height)
    };
    // The first corner the fewest lines cross: `min_by_key` keeps the first of equals.
    let corner = Corner::ALL
        .into_iter()
        .min_by_key(|&corner| crossings(corner))
        .unwrap_or(Corner::LowerLeft);
    let (left, top, note) = corner.place(width, notes.len());
    // On a white ground, so that the notes read over any line they cross.
    chart.draw_series(std::iter::once(
        EmptyElement::at(anchor(corner))
            + Rectangle::new(
                [(left - 2, top - 1), (left + width, top + height + 1)],
                WHITE.mix(0.85).filled(),
            ),
    ))?;
    for (index, (under, words)) in notes.into_iter().enumerate() {
        let style = (FONT, 12)
            .into_font()
            .color(&lines[under].color)
            .pos(Pos::new(HPos::Left, VPos::Bottom));
        chart.draw_series(std::iter::once(
            EmptyElement::at(anchor(corner)) + Text::new(words, note(index), style),
        ))?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_line_is_hidden_only_when_every_point_is_covered() {
        let pixels = vec![
            vec![(10, 10), (20, 20)],
            vec![(11, 9), (20, 22)],
            vec![(10, 10), (20, 40)],
        ];
        assert_eq!(hidden_pairs(&pixels, &["a", "b", "c"]), [(0, 1)]);
        assert_eq!(hidden_pairs(&pixels, &["a", "a", "c"]), []);
    }

    #[test]
    fn notes_go_where_the_lines_cross_least() {
        // One line along the bottom from (0, 100) to (100, 100), the axes' lower edge.
        let pixels = vec![vec![(0, 100), (100, 100)]];
        let (left, top, _) = Corner::LowerLeft.place(40, 2);
        assert_eq!((left, top), (6, -4 - 2 * NOTE_LINE));
        // Anchored at the lower left corner (0, 100), the block stops 4 pixels above the
        // line; a block reaching down over it counts the line's pixels.
        assert_eq!(covered(&pixels, left, 100 + top, 40, 2 * NOTE_LINE), 0);
        assert!(covered(&pixels, left, 90, 40, 2 * NOTE_LINE) > 0);
        let (right_left, upper_top, note) = Corner::UpperRight.place(40, 2);
        assert_eq!((right_left, upper_top), (-46, 4));
        assert_eq!(note(1), (-46, 4 + 2 * NOTE_LINE));
    }
}
