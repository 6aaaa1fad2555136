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

/// Writes a note in the panel's lower left corner for each line of `lines` hidden under
/// a later one: "seed-layout hidden under std-mpsc", in the hidden line's colour.
pub(crate) fn note_hidden<X, Y>(chart: &mut Chart<'_, '_, X, Y>, lines: &[Line]) -> DrawResult<()>
where
    X: Ranged<ValueType = f64>,
    Y: Ranged<ValueType = f64>,
{
    let lines: Vec<&Line> = lines.iter().filter(|line| line.marker.is_some()).collect();
    let pixels: Vec<Vec<(i32, i32)>> = lines
        .iter()
        .map(|line| {
            line.points
                .iter()
                .map(|point| chart.backend_coord(point))
                .collect()
        })
        .collect();
    let labels: Vec<&str> = lines.iter().map(|line| line.label.as_str()).collect();
    let corner = (chart.x_range().start, chart.y_range().start);
    let notes = hidden_pairs(&pixels, &labels);
    for (index, &(under, top)) in notes.iter().enumerate() {
        let words = format!("{} hidden under {}", labels[under], labels[top]);
        let style = (FONT, 12)
            .into_font()
            .color(&lines[under].color)
            .pos(Pos::new(HPos::Left, VPos::Bottom));
        // Stacked upwards from the corner, the first note lowest, each on a white ground
        // so that it reads over the lines.
        let (left, bottom) = (6, -4 - NOTE_LINE * (notes.len() - 1 - index) as i32);
        let width = NOTE_CHARACTER_WIDTH * words.chars().count() as i32;
        chart.draw_series(std::iter::once(
            EmptyElement::at(corner)
                + Rectangle::new(
                    [(left - 2, bottom - NOTE_LINE), (left + width, bottom + 1)],
                    WHITE.mix(0.85).filled(),
                )
                + Text::new(words, (left, bottom), style),
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
}
