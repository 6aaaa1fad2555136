//! The overview: every engine relative to the best in every scenario, as a shaded table
//! (green is the best, red an eighth as good or worse).

use std::path::Path;

use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use crate::charts::canvas::{self, FONT};
use crate::charts::palette::relative_shade;
use crate::charts::{Chart, DrawResult, Drawer, axes};
use crate::data::Results;
use crate::data::rows;
use crate::data::scenarios::scenarios;

/// The chart.
pub(crate) const DRAWER: Drawer = Drawer {
    chart: Chart {
        file: "overview.svg",
        title: "Overview: every engine relative to the best, per scenario",
        about: "One row per scenario, one column per engine. Each cell is the engine's figure \
                relative to the best engine's in that row: its throughput over the best \
                throughput, or the best time over its time, so 1.00 (blue) is the best, \
                0.50 half as good and red an eighth as good or worse; higher is better. \
                Empty cells were not measured.",
    },
    missing,
    draw,
};

const WIDTH: u32 = 1_100;

fn missing(results: &Results) -> Option<String> {
    scenarios(results)
        .is_empty()
        .then(|| String::from("no scenario measured two engines or more: run `cargo bench`"))
}

fn draw(results: &Results, path: &Path) -> DrawResult<()> {
    let scenarios = scenarios(results);
    let engines: Vec<&str> = rows::engines().collect();
    let count = scenarios.len() as i32;
    let names: Vec<&str> = scenarios
        .iter()
        .map(|scenario| scenario.name.as_str())
        .collect();
    let longest = names.iter().map(|name| name.len()).max().unwrap_or(10) as u32;
    let page = canvas::page(
        path,
        WIDTH,
        90 + 30 * count as u32,
        DRAWER.chart.title,
        &results.machine.subtitle(),
        Vec::new(),
    )?;
    let mut chart = ChartBuilder::on(&page.body)
        .margin(10)
        .x_label_area_size(30)
        .y_label_area_size(20 + 7 * longest)
        .build_cartesian_2d(
            axes::categories(engines.len()),
            axes::categories(scenarios.len()),
        )?;
    canvas::mesh(&mut chart)
        .disable_mesh()
        .x_labels(engines.len() + 1)
        .x_label_formatter(&|value| match value {
            SegmentValue::CenterOf(column) => usize::try_from(*column)
                .ok()
                .and_then(|column| engines.get(column))
                .map_or_else(String::new, |engine| (*engine).to_owned()),
            _ => String::new(),
        })
        .y_labels(names.len() + 1)
        .y_label_formatter(&|value| axes::category(&names, value))
        .label_style((FONT, 13))
        .draw()?;
    for (index, scenario) in scenarios.iter().enumerate() {
        let segment = axes::top_down(count, index);
        for (column, engine) in engines.iter().enumerate() {
            let column = column as i32;
            let Some(relative) = scenario.relative(engine) else {
                continue;
            };
            let mut cell = Rectangle::new(
                [
                    (SegmentValue::Exact(column), SegmentValue::Exact(segment)),
                    (
                        SegmentValue::Exact(column + 1),
                        SegmentValue::Exact(segment + 1),
                    ),
                ],
                relative_shade(relative).filled(),
            );
            cell.set_margin(1, 1, 1, 1);
            chart.draw_series(std::iter::once(cell))?;
            chart.draw_series(std::iter::once(Text::new(
                format!("{relative:.2}"),
                (
                    SegmentValue::CenterOf(column),
                    SegmentValue::CenterOf(segment),
                ),
                TextStyle::from((FONT, 13).into_font()).pos(Pos::new(HPos::Center, VPos::Center)),
            )))?;
        }
    }
    page.finish()
}
