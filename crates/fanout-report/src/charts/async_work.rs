//! Threads or async: throughput against concurrency, one panel per workload of the async
//! bench, async engines over futures in progress beside blocking engines over threads,
//! with the Little's-law ideal on the timer-sleep panel.

use std::path::Path;

use crate::charts::canvas::{self, Area};
use crate::charts::palette::{IDEAL_COLOR, Stroke};
use crate::charts::series::{self, Line, WorkersPanel};
use crate::charts::workers_chart::{self, Labels};
use crate::charts::{Chart, DrawResult, Drawer, axes};
use crate::data::Results;
use crate::data::async_work::{SLEEP_WORKLOAD, littles_law_ideal};
use crate::data::group::Group;
use crate::format;

/// The chart.
pub(crate) const DRAWER: Drawer = Drawer {
    chart: Chart {
        file: "async.svg",
        title: "Threads or async: throughput against concurrency",
        about: "Items per second (log scale) against concurrency (log 2), one panel per \
                workload of the async bench: for the async engines (a star, an hourglass, a \
                triangle pointing right) the futures in progress at once on one runtime, for \
                the blocking engines the worker threads running the blocking form of the same \
                work (a blocking sleep, `std::net` sockets). On `async-sleep-1ms` the grey \
                dashed line is Little's law's ideal, concurrency over the measured mean time \
                of one `tokio::time::sleep(1ms)`. `spawn-blocking-spin-10us` has async rows \
                only: on threads it is `spin-10us`. The light band around each line is its \
                95% interval (criterion's interval of the median). Higher is better.",
    },
    missing,
    draw,
};

const WIDTH: u32 = 1_260;
const PANEL_HEIGHT: u32 = 360;
const IDEAL_LABEL: &str = "ideal on async-sleep-1ms: concurrency / mean timer sleep (Little's law)";

fn missing(results: &Results) -> Option<String> {
    results.async_workloads().is_empty().then(|| {
        String::from(
            "no `async/*` groups in criterion's output: run `cargo bench --bench async-work`",
        )
    })
}

fn draw(results: &Results, path: &Path) -> DrawResult<()> {
    let panels: Vec<WorkersPanel> = results
        .async_workloads()
        .into_iter()
        .map(|workload| panel(results, workload))
        .collect();
    let legend = series::legend(panels.iter().flat_map(|panel| &panel.lines));
    canvas::panel_page(
        path,
        (WIDTH, PANEL_HEIGHT),
        (DRAWER.chart.title, &results.machine.subtitle()),
        legend,
        &panels,
        draw_panel,
    )
}

/// Every row of `workload`'s async group, with the Little's-law ideal where the workload
/// is the timer sleep whose mean time was measured.
fn panel(results: &Results, workload: String) -> WorkersPanel {
    let group = Group::Async(workload.clone());
    let is_sleep = workload == SLEEP_WORKLOAD;
    let mut panel = WorkersPanel::of_group(
        results,
        &group,
        workload,
        |_| true,
        |timing| Some(timing.rate()),
    );
    if let (true, Some(mean_sleep)) = (is_sleep, results.mean_sleep) {
        let (range, _) = axes::workers_axis(&panel.workers);
        // A straight line on log-log axes: its two ends are enough. It goes first, so
        // the measured lines lie on top of it.
        let ends = [range.start, range.end]
            .map(|concurrency| (concurrency, littles_law_ideal(concurrency, mean_sleep)));
        panel.lines.insert(
            0,
            Line::derived(IDEAL_LABEL, IDEAL_COLOR, Stroke::Dashed, ends.to_vec()),
        );
    }
    panel
}

fn draw_panel(area: &Area<'_>, panel: &WorkersPanel) -> DrawResult<()> {
    let y_range = axes::log_range_over(panel.lines.iter().flat_map(Line::y_extent));
    let labels = Labels {
        caption: &panel.workload,
        x: "concurrency: futures (async rows), threads (blocking rows), log 2",
        y: "items/s, log (higher is better)",
        y_format: format::si,
    };
    let mut chart = workers_chart::draw_axes(area, &panel.workers, y_range, &labels)?;
    series::draw_lines(&mut chart, &panel.lines)
}
