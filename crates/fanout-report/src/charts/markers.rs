//! Marker shapes: one per row, so that rows stay apart where colours do not (print in
//! grey, colour-blind eyes, lines that cross), drawn in pixels around a point.

use plotters::element::{Drawable, PointCollection};
use plotters::prelude::{DrawingBackend, ShapeStyle};
use plotters_backend::{BackendCoord, DrawingErrorKind};

/// A marker's outline.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Shape {
    /// A circle.
    Circle,
    /// A square standing on a side.
    Square,
    /// A triangle pointing up.
    TriangleUp,
    /// A square standing on a corner.
    Diamond,
    /// A triangle pointing down.
    TriangleDown,
    /// A pentagon.
    Pentagon,
    /// A hexagon.
    Hexagon,
    /// Two diagonal strokes.
    Cross,
    /// A horizontal and a vertical stroke.
    Plus,
    /// Three strokes through the point.
    Asterisk,
    /// A triangle pointing right.
    TriangleRight,
    /// Two triangles meeting at the point, one above and one below.
    Hourglass,
    /// A five-pointed star.
    Star,
}

/// The shapes engines take in turn: filled outlines first, which read best at a glance,
/// then strokes; no two of them round enough to pass for each other at a few pixels.
pub(crate) const ROW_SHAPES: [Shape; 7] = [
    Shape::Circle,
    Shape::Square,
    Shape::TriangleUp,
    Shape::Diamond,
    Shape::TriangleDown,
    Shape::Plus,
    Shape::Asterisk,
];

/// The shapes async engines take in turn: none an engine or a baseline takes, so that
/// threads and async can share a panel.
pub(crate) const ASYNC_ROW_SHAPES: [Shape; 3] =
    [Shape::Star, Shape::Hourglass, Shape::TriangleRight];

/// A marker: its shape and whether it is filled (references draw their engine's shape
/// hollow).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Marker {
    /// The outline.
    pub(crate) shape: Shape,
    /// Filled, or only outlined.
    pub(crate) filled: bool,
}

/// The radius of a marker in pixels: big enough to tell shapes apart, small enough not
/// to hide the line.
pub(crate) const RADIUS: i32 = 5;

impl Marker {
    /// `shape`, filled.
    pub(crate) const fn filled(shape: Shape) -> Marker {
        Marker {
            shape,
            filled: true,
        }
    }

    /// `shape`, outlined only.
    pub(crate) const fn hollow(shape: Shape) -> Marker {
        Marker {
            shape,
            filled: false,
        }
    }

    /// This marker at `at`, in the style given, as an element to draw.
    pub(crate) fn at<C>(self, at: C, style: ShapeStyle) -> Placed<C> {
        Placed {
            at,
            marker: self,
            style,
        }
    }
}

/// A marker placed at a point: drawn in pixels around wherever the point lands.
pub(crate) struct Placed<C> {
    at: C,
    marker: Marker,
    style: ShapeStyle,
}

impl<'a, C> PointCollection<'a, C> for &'a Placed<C> {
    type Point = &'a C;
    type IntoIter = std::iter::Once<&'a C>;

    fn point_iter(self) -> Self::IntoIter {
        std::iter::once(&self.at)
    }
}

impl<C, DB: DrawingBackend> Drawable<DB> for Placed<C> {
    fn draw<I: Iterator<Item = BackendCoord>>(
        &self,
        mut points: I,
        backend: &mut DB,
        _: (u32, u32),
    ) -> Result<(), DrawingErrorKind<DB::ErrorType>> {
        let Some((x, y)) = points.next() else {
            return Ok(());
        };
        let around = |offsets: Vec<(i32, i32)>| -> Vec<BackendCoord> {
            offsets
                .into_iter()
                .map(|(dx, dy)| (x + dx, y + dy))
                .collect()
        };
        let Marker { shape, filled } = self.marker;
        let style = &self.style;
        let outline = |backend: &mut DB, corners: Vec<(i32, i32)>| {
            if filled {
                backend.fill_polygon(around(corners), style)
            } else {
                // A path back to the first corner: plotters fills every polygon.
                let mut closed = corners;
                closed.extend(closed.first().copied());
                backend.draw_path(around(closed), style)
            }
        };
        let lines = |backend: &mut DB, angles: &[f64]| {
            backend.draw_path(around(strokes(angles)), &style.stroke_width(2))
        };
        match shape {
            Shape::Circle => backend.draw_circle((x, y), (RADIUS - 1) as u32, style, filled),
            Shape::Square => outline(backend, corners(4, 45.0, RADIUS + 1)),
            Shape::TriangleUp => outline(backend, corners(3, -90.0, RADIUS + 1)),
            Shape::Diamond => outline(backend, corners(4, 0.0, RADIUS + 1)),
            Shape::TriangleDown => outline(backend, corners(3, 90.0, RADIUS + 1)),
            Shape::Pentagon => outline(backend, corners(5, -90.0, RADIUS + 1)),
            Shape::Hexagon => outline(backend, corners(6, 0.0, RADIUS + 1)),
            Shape::Cross => lines(backend, &[45.0, 135.0]),
            Shape::Plus => lines(backend, &[0.0, 90.0]),
            Shape::Asterisk => lines(backend, &[90.0, 30.0, 150.0]),
            Shape::TriangleRight => outline(backend, corners(3, 0.0, RADIUS + 1)),
            Shape::Hourglass => {
                let reach = RADIUS;
                outline(
                    backend,
                    vec![
                        (-reach, -reach),
                        (reach, -reach),
                        (-reach, reach),
                        (reach, reach),
                    ],
                )
            }
            Shape::Star => outline(backend, star(RADIUS + 2)),
        }
    }
}

/// The corners of a regular polygon of `sides` around the origin, the first at `turn`
/// degrees (clockwise, since pixel rows grow downwards).
fn corners(sides: u32, turn: f64, radius: i32) -> Vec<(i32, i32)> {
    (0..sides)
        .map(|side| {
            let angle = (turn + 360.0 * f64::from(side) / f64::from(sides)).to_radians();
            let at = |part: f64| (f64::from(radius) * part).round() as i32;
            (at(angle.cos()), at(angle.sin()))
        })
        .collect()
}

/// The ten corners of a five-pointed star around the origin, its top point up: outer
/// points at `radius`, the notches between them at two fifths of it.
fn star(radius: i32) -> Vec<(i32, i32)> {
    let outer = corners(5, -90.0, radius);
    let inner = corners(5, -54.0, radius * 2 / 5);
    outer
        .into_iter()
        .zip(inner)
        .flat_map(|(point, notch)| [point, notch])
        .collect()
}

/// One path through the origin along each angle given, in degrees: out to one end,
/// across to the other and back, so a single path draws every stroke.
fn strokes(angles: &[f64]) -> Vec<(i32, i32)> {
    let reach = f64::from(RADIUS + 1);
    let mut points = Vec::with_capacity(angles.len() * 3);
    for angle in angles {
        let (x, y) = (angle.to_radians().cos(), angle.to_radians().sin());
        let end = |sign: f64| {
            (
                (x * reach * sign).round() as i32,
                (y * reach * sign).round() as i32,
            )
        };
        points.extend([end(1.0), end(-1.0), (0, 0)]);
    }
    points
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn polygons_sit_around_the_point() {
        assert_eq!(corners(4, 0.0, 5), [(5, 0), (0, 5), (-5, 0), (0, -5)]);
        let triangle = corners(3, -90.0, 6);
        assert_eq!(
            triangle[0],
            (0, -6),
            "the up triangle's tip is above the point"
        );
    }
}
