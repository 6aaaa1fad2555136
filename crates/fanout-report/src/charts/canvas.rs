//! A chart's page: title, subtitle (the machine), a grid of panels and one legend
//! underneath, drawn in pixels on plotters' SVG backend.
//!
//! Every chart draws its minor grid lines transparent, which the SVG backend skips: the
//! labelled grid is enough, and the files stay small.

use std::path::Path;

use plotters::chart::MeshStyle;
use plotters::coord::Shift;
use plotters::coord::ranged1d::ValueFormatter;
use plotters::prelude::*;

use crate::charts::DrawResult;
pub(crate) use crate::charts::markers::Marker;
use crate::charts::palette::{QUIET_TEXT, Stroke};

/// An area of the SVG page.
pub(crate) type Area<'a> = DrawingArea<SVGBackend<'a>, Shift>;

/// The font family every text uses; SVG viewers pick the face, so no font file is needed.
pub(crate) const FONT: &str = "sans-serif";
/// Height of the title and subtitle band.
const HEADER: u32 = 62;
/// Height of one legend line.
const LEGEND_LINE: u32 = 22;
/// Width the legend allows per character: generous, since the SVG viewer's font decides.
const CHARACTER_WIDTH: u32 = 7;

/// A chart's axes and grid in the style every chart shares: no minor grid lines (see
/// above), tick labels at 12 px and axis descriptions at 13; the caller adds the rest.
pub(crate) fn mesh<'a, 'b, DB, X, Y, XT, YT>(
    chart: &'b mut ChartContext<'a, DB, Cartesian2d<X, Y>>,
) -> MeshStyle<'a, 'b, X, Y, DB>
where
    DB: DrawingBackend,
    X: Ranged<ValueType = XT> + ValueFormatter<XT>,
    Y: Ranged<ValueType = YT> + ValueFormatter<YT>,
{
    let mut style = chart.configure_mesh();
    style
        .light_line_style(TRANSPARENT)
        .label_style((FONT, 12))
        .axis_desc_style((FONT, 13));
    style
}

/// One entry of a legend: a line, a marker, or both, and its words.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Entry {
    /// The words.
    pub(crate) label: String,
    /// The colour.
    pub(crate) color: RGBColor,
    /// The line drawn, if any.
    pub(crate) stroke: Option<Stroke>,
    /// The marker drawn, if any.
    pub(crate) marker: Option<Marker>,
}

/// A page being drawn: its root, the panels' area and the legend's.
pub(crate) struct Page<'a> {
    /// The whole page; present it when done.
    pub(crate) root: Area<'a>,
    /// Where the panels go.
    pub(crate) body: Area<'a>,
    legend: Area<'a>,
    legend_entries: Vec<Entry>,
}

/// Starts a page of `width` by `body_height` pixels of panels, under `title` and
/// `subtitle`, with `legend` under the panels.
pub(crate) fn page<'a>(
    path: &'a Path,
    width: u32,
    body_height: u32,
    title: &str,
    subtitle: &str,
    legend: Vec<Entry>,
) -> DrawResult<Page<'a>> {
    let legend_height = legend_lines(&legend, width) * LEGEND_LINE + 12;
    let height = HEADER + body_height + legend_height;
    let root = SVGBackend::new(path, (width, height)).into_drawing_area();
    root.fill(&WHITE)?;
    root.draw(&Text::new(
        title.to_owned(),
        (16, 10),
        (FONT, 22).into_font().style(FontStyle::Bold).color(&BLACK),
    ))?;
    root.draw(&Text::new(
        subtitle.to_owned(),
        (16, 38),
        (FONT, 14).into_font().color(&QUIET_TEXT),
    ))?;
    let (_, rest) = root.split_vertically(HEADER);
    let (body, legend_area) = rest.split_vertically(body_height);
    Ok(Page {
        root,
        body,
        legend: legend_area,
        legend_entries: legend,
    })
}

impl Page<'_> {
    /// Draws the legend and writes the file.
    pub(crate) fn finish(self) -> DrawResult<()> {
        let width = self.legend.dim_in_pixel().0;
        for (entry, (x, y)) in self
            .legend_entries
            .iter()
            .zip(legend_layout(&self.legend_entries, width))
        {
            draw_entry(&self.legend, entry, x as i32, y as i32)?;
        }
        self.root.present()?;
        Ok(())
    }
}

/// Splits `body` into `count` panels, three to a row (two for four or fewer).
pub(crate) fn grid<'a>(body: &Area<'a>, count: usize) -> Vec<Area<'a>> {
    let columns = columns(count);
    let rows = count.div_ceil(columns).max(1);
    body.split_evenly((rows, columns))
        .into_iter()
        .take(count)
        .collect()
}

/// A page of `panels` in a grid, each `panel_height` high, drawn by `draw_panel`, with
/// its title, subtitle and legend: the shape of every chart of several panels.
pub(crate) fn panel_page<P>(
    path: &Path,
    (width, panel_height): (u32, u32),
    (title, subtitle): (&str, &str),
    legend: Vec<Entry>,
    panels: &[P],
    mut draw_panel: impl FnMut(&Area<'_>, &P) -> DrawResult<()>,
) -> DrawResult<()> {
    let page = page(
        path,
        width,
        grid_height(panels.len(), panel_height),
        title,
        subtitle,
        legend,
    )?;
    for (area, panel) in grid(&page.body, panels.len()).iter().zip(panels) {
        draw_panel(area, panel)?;
    }
    page.finish()
}

/// The height `count` panels of `panel_height` take in a grid.
pub(crate) fn grid_height(count: usize, panel_height: u32) -> u32 {
    count.div_ceil(columns(count)).max(1) as u32 * panel_height
}

/// Panels to a row: wide enough to read, few enough rows to see them all at once.
fn columns(count: usize) -> usize {
    match count {
        0 | 1 => 1,
        2..=4 => 2,
        _ => 3,
    }
}

fn entry_width(entry: &Entry) -> u32 {
    40 + CHARACTER_WIDTH * entry.label.chars().count() as u32
}

/// Each entry's top-left corner, flowing left to right and wrapping.
fn legend_layout(entries: &[Entry], width: u32) -> Vec<(u32, u32)> {
    let (mut x, mut y) = (16, 4);
    let mut corners = Vec::with_capacity(entries.len());
    for entry in entries {
        let entry_width = entry_width(entry);
        if x > 16 && x + entry_width > width {
            x = 16;
            y += LEGEND_LINE;
        }
        corners.push((x, y));
        x += entry_width;
    }
    corners
}

fn legend_lines(entries: &[Entry], width: u32) -> u32 {
    legend_layout(entries, width)
        .last()
        .map_or(0, |&(_, y)| (y - 4) / LEGEND_LINE + 1)
}

fn draw_entry(area: &Area<'_>, entry: &Entry, x: i32, y: i32) -> DrawResult<()> {
    let middle = y + 8;
    let style = ShapeStyle::from(&entry.color).stroke_width(2);
    match entry.stroke {
        Some(Stroke::Solid) => {
            area.draw(&PathElement::new(
                vec![(x, middle), (x + 26, middle)],
                style,
            ))?;
        }
        Some(Stroke::Dashed) => {
            for start in [x, x + 10, x + 20] {
                area.draw(&PathElement::new(
                    vec![(start, middle), (start + 6, middle)],
                    style,
                ))?;
            }
        }
        Some(Stroke::Dotted) => {
            for start in (x..x + 26).step_by(5) {
                area.draw(&PathElement::new(
                    vec![(start, middle), (start + 2, middle)],
                    style,
                ))?;
            }
        }
        None => {}
    }
    if let Some(marker) = entry.marker {
        if !marker.filled {
            // A white ground first, so the legend's line does not run through the marker.
            area.draw(&Circle::new((x + 13, middle), 5, WHITE.filled()))?;
        }
        area.draw(&marker.at((x + 13, middle), style))?;
    }
    area.draw(&Text::new(
        entry.label.clone(),
        (x + 32, y),
        (FONT, 14).into_font().color(&BLACK),
    ))?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(label: &str) -> Entry {
        Entry {
            label: label.to_owned(),
            color: BLACK,
            stroke: None,
            marker: Some(Marker::filled(crate::charts::markers::Shape::Circle)),
        }
    }

    #[test]
    fn legends_wrap_to_the_width() {
        let entries = vec![entry("crossbeam"), entry("flume"), entry("tokio")];
        assert_eq!(legend_lines(&entries, 2_000), 1);
        assert_eq!(legend_lines(&entries, 150), 3);
        assert_eq!(legend_lines(&[], 150), 0);
        assert_eq!(grid_height(6, 100), 200);
        assert_eq!(grid_height(1, 100), 100);
    }
}
