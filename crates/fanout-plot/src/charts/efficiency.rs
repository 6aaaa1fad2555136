//! Efficiency against workers: speed-up over `sequential` divided by the cores the
//! workers can use, one panel per workload, 1.0 being perfect use of them.

use std::path::Path;

use plotters::prelude::*;

use crate::charts::canvas::{self, Area, FONT};
use crate::charts::series::{self, Line, WorkersPanel};
use crate::charts::{Chart, DrawResult, Drawer, axes};
use crate::data::Results;
use crate::data::group::Group;
use crate::format;

/// The chart.
pub(crate) const DRAWER: Drawer = Drawer {
    chart: Chart {
        file: "efficiency.svg",
        title: "Efficiency against workers",
        about: "Speed-up over `sequential` (its time over the row's, same items) divided by \
                min(workers, cores), one panel per workload. 1.0 (dashed) uses every core the \
                workers can get; the gap below it is the cost of moving items, which \
                shrinks as the work per item grows.",
    },
    missing,
    draw,
};

const WIDTH: u32 = 1_260;
const PANEL_HEIGHT: u32 = 320;
const IDEAL_LABEL: &str = "ideal: every usable core busy (1.0)";

fn missing(results: &Results) -> Option<String> {
    let measurable = results
        .workloads()
        .into_iter()
        .any(|workload| results.sequential(&Group::Throughput(workload)).is_some());
    (!measurable).then(|| {
        String::from(
            "no `throughput/*` group with its `sequential` row: run `cargo bench --bench throughput`",
        )
    })
}

fn draw(results: &Results, path: &Path) -> DrawResult<()> {
    let panels: Vec<WorkersPanel> = results
        .workloads()
        .into_iter()
        .filter_map(|workload| panel(results, workload))
        .collect();
    let mut legend = series::legend(panels.iter().flat_map(|panel| &panel.lines));
    legend.push(Line::guide_entry(IDEAL_LABEL));
    let page = canvas::page(
        path,
        WIDTH,
        canvas::grid_height(panels.len(), PANEL_HEIGHT),
        DRAWER.chart.title,
        &results.machine.subtitle(),
        legend,
    )?;
    for (area, panel) in canvas::grid(&page.body, panels.len()).iter().zip(&panels) {
        draw_panel(area, panel)?;
    }
    page.finish()
}

/// The efficiency lines of one workload, if it has a `sequential` row to measure against.
fn panel(results: &Results, workload: String) -> Option<WorkersPanel> {
    results.sequential(&Group::Throughput(workload.clone()))?;
    Some(WorkersPanel::of(results, workload, |timing| {
        Some(results.scaling(timing)?.efficiency)
    }))
}

fn draw_panel(area: &Area<'_>, panel: &WorkersPanel) -> DrawResult<()> {
    let (x_range, x_ticks) = axes::workers_axis(&panel.workers);
    let highest = panel
        .lines
        .iter()
        .flat_map(|line| &line.points)
        .map(|&(_, efficiency)| efficiency)
        .fold(1.0, f64::max);
    let mut chart = ChartBuilder::on(area)
        .caption(&panel.workload, (FONT, 16))
        .margin(10)
        .x_label_area_size(40)
        .y_label_area_size(50)
        .build_cartesian_2d(
            x_range.clone().log_scale().with_key_points(x_ticks),
            0.0..highest * 1.15,
        )?;
    chart
        .configure_mesh()
        .light_line_style(TRANSPARENT)
        .x_desc("workers (log 2)")
        .y_desc("efficiency (speed-up / usable cores)")
        .x_label_formatter(&|workers| format!("{workers:.0}"))
        .y_label_formatter(&|value| format::significant(*value))
        .label_style((FONT, 12))
        .axis_desc_style((FONT, 13))
        .draw()?;
    let ideal = Line::guide(IDEAL_LABEL, 1.0, &x_range);
    series::draw_lines(&mut chart, std::slice::from_ref(&ideal))?;
    series::draw_lines(&mut chart, &panel.lines)
}
