//! Efficiency against workers: speed-up over `sequential` divided by the ideal speed-up
//! of the workload (the cores the workers can use for CPU work, the workers themselves
//! for blocking work), one panel per workload, 1.0 being the ideal.

use std::path::Path;

use crate::charts::canvas::{self, Area};
use crate::charts::series::{self, Line, WorkersPanel};
use crate::charts::workers_chart::{self, Labels};
use crate::charts::{Chart, DrawResult, Drawer, axes, cores};
use crate::data::Results;
use crate::data::group::Group;
use crate::format;
use fanout_harness::measure::Ideal;

/// The chart.
pub(crate) const DRAWER: Drawer = Drawer {
    chart: Chart {
        file: "efficiency.svg",
        title: "Efficiency against workers",
        about: "Speed-up over `sequential` (its time over the row's, same items) divided by \
                the ideal speed-up (log scale), one panel per workload: min(workers, cores) for work on \
                the CPU, workers for blocking work (sleeps), which waits without a core. \
                1.0 (dashed) is the ideal; the gap below it is the cost of moving items, \
                which shrinks as the work per item grows. The dashed vertical line is \
                workers = cores; the shaded side is oversubscribed. The light band around each \
                line is its 95% interval, from the row's and `sequential`'s. Higher is better.",
    },
    missing,
    draw,
};

const WIDTH: u32 = 1_260;
const PANEL_HEIGHT: u32 = 320;
const IDEAL_LABEL: &str =
    "ideal (1.0): speed-up = min(workers, cores); = workers for blocking work";

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
    canvas::panel_page(
        path,
        (WIDTH, PANEL_HEIGHT),
        (DRAWER.chart.title, &results.machine.subtitle()),
        legend,
        &panels,
        |area, panel| {
            let ideal = results.ideal(&Group::Throughput(panel.workload.clone()));
            draw_panel(area, panel, ideal, results.cores())
        },
    )
}

/// The efficiency lines of one workload, if it has a `sequential` row to measure against.
fn panel(results: &Results, workload: String) -> Option<WorkersPanel> {
    results.sequential(&Group::Throughput(workload.clone()))?;
    Some(WorkersPanel::of(results, workload, |timing| {
        results.efficiency(timing)
    }))
}

fn draw_panel(area: &Area<'_>, panel: &WorkersPanel, ideal: Ideal, cores: usize) -> DrawResult<()> {
    let (x_range, _) = axes::workers_axis(&panel.workers);
    // A log axis: moving items can cost a thousand times the work on noop, and on a
    // linear axis those rows would lie flat on zero. The ideal, 1.0, is always on it.
    let y_range = axes::log_range_over(panel.lines.iter().flat_map(Line::y_extent).chain([1.0]));
    let caption = format!("{} (ideal: {})", panel.workload, ideal.formula());
    let labels = Labels {
        caption: &caption,
        x: "workers (log 2)",
        y: "speed-up / ideal, log (higher is better)",
        y_format: format::significant,
    };
    let mut chart = workers_chart::draw_axes(area, &panel.workers, y_range, &labels)?;
    cores::shade_oversubscribed(&mut chart, cores)?;
    let ideal_line = Line::guide(IDEAL_LABEL, 1.0, &x_range);
    series::draw_lines(&mut chart, std::slice::from_ref(&ideal_line))?;
    series::draw_lines(&mut chart, &panel.lines)?;
    cores::label_cores(&mut chart, cores)
}
