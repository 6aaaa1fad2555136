//! Throughput against workers: one panel per workload, one line per engine and the batch
//! baseline, with the `sequential` level and the ideal of perfect scaling on the cores.

use std::path::Path;

use crate::charts::canvas::{self, Area};
use crate::charts::palette::{IDEAL_COLOR, SEQUENTIAL_COLOR, Stroke};
use crate::charts::series::{self, Line, WorkersPanel};
use crate::charts::workers_chart::{self, Labels};
use crate::charts::{Chart, DrawResult, Drawer, axes, cores};
use crate::data::Results;
use crate::data::group::Group;
use crate::format;

/// The chart.
pub(crate) const DRAWER: Drawer = Drawer {
    chart: Chart {
        file: "throughput.svg",
        title: "Throughput against workers",
        about: "Items per second through the whole fan-out/fan-in (log scale) against workers \
                (log 2), one panel per workload. The dotted level is `sequential`, the work \
                inline on one thread; the grey dashed line is the ideal, `sequential` x \
                min(workers, cores) for work on the CPU and `sequential` x workers for \
                blocking work (sleeps), which needs no core while it waits. The dashed \
                vertical line is workers = cores; the shaded side is oversubscribed. Lines \
                above the level gain from parallelism; lines close to the ideal lose almost \
                nothing to moving items. The light band around each line is its 95% interval \
                (criterion's interval of the median, stretched over both modes of a bimodal \
                figure). Higher is better.",
    },
    missing,
    draw,
};

const WIDTH: u32 = 1_260;
const PANEL_HEIGHT: u32 = 340;
const SEQUENTIAL_LABEL: &str = "sequential (the work inline)";
/// The ideal's legend entry, for every kind of work the chart shows.
const IDEAL_LABEL: &str =
    "ideal: sequential x min(workers, cores); x workers for blocking work (sleep-*)";

fn missing(results: &Results) -> Option<String> {
    results.workloads().is_empty().then(|| {
        String::from(
            "no `throughput/*` groups in criterion's output: run `cargo bench --bench throughput`",
        )
    })
}

fn draw(results: &Results, path: &Path) -> DrawResult<()> {
    let panels: Vec<WorkersPanel> = results
        .workloads()
        .into_iter()
        .map(|workload| panel(results, workload))
        .collect();
    let mut legend = series::legend(panels.iter().flat_map(|panel| &panel.lines));
    legend.retain(|entry| entry.label != SEQUENTIAL_LABEL && entry.label != IDEAL_LABEL);
    legend.extend([
        Line::derived(
            SEQUENTIAL_LABEL,
            SEQUENTIAL_COLOR,
            Stroke::Dotted,
            Vec::new(),
        )
        .entry(),
        Line::guide_entry(IDEAL_LABEL),
    ]);
    canvas::panel_page(
        path,
        (WIDTH, PANEL_HEIGHT),
        (DRAWER.chart.title, &results.machine.subtitle()),
        legend,
        &panels,
        |area, panel| draw_panel(area, panel, results.cores()),
    )
}

/// The rows' throughput lines of one workload, with the `sequential` level and the ideal.
fn panel(results: &Results, workload: String) -> WorkersPanel {
    let group = Group::Throughput(workload.clone());
    let (ideal, cores) = (results.ideal(&group), results.cores());
    let mut panel = WorkersPanel::of(results, workload, |timing| Some(timing.rate()));
    let (range, _) = axes::workers_axis(&panel.workers);
    let lines = &mut panel.lines;
    // The level and the ideal go first, so the measured lines lie on top of them.
    if let Some(sequential) = results.sequential(&group) {
        let level = sequential.items_per_second();
        lines.insert(
            0,
            Line::derived(
                SEQUENTIAL_LABEL,
                SEQUENTIAL_COLOR,
                Stroke::Dotted,
                vec![(range.start, level), (range.end, level)],
            ),
        );
        // The ideal starts at one worker: fewer is not a fan-out. It may bend at the
        // cores, so it passes through every whole worker count on the axis.
        let whole_counts = (1..).take_while(|&workers| workers as f64 <= range.end);
        let ideal = whole_counts
            .map(|workers| {
                let parallelism = ideal.parallelism(workers, cores) as f64;
                (workers as f64, level * parallelism)
            })
            .collect();
        lines.insert(
            0,
            Line::derived(IDEAL_LABEL, IDEAL_COLOR, Stroke::Dashed, ideal),
        );
    }
    panel
}

fn draw_panel(area: &Area<'_>, panel: &WorkersPanel, cores: usize) -> DrawResult<()> {
    let y_range = axes::log_range_over(panel.lines.iter().flat_map(Line::y_extent));
    let labels = Labels {
        caption: &panel.workload,
        x: "workers (log 2)",
        y: "items/s, log (higher is better)",
        y_format: format::si,
    };
    let mut chart = workers_chart::draw_axes(area, &panel.workers, y_range, &labels)?;
    cores::shade_oversubscribed(&mut chart, cores)?;
    series::draw_lines(&mut chart, &panel.lines)?;
    cores::label_cores(&mut chart, cores)
}
