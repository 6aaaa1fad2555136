//! "Individual result channels ... preventing blocking": `seed-layout` (one result
//! channel and one forwarder thread per worker) against `std-mpsc` (one shared result
//! channel), the same primitive otherwise, at every worker count of every throughput
//! workload: contention on one channel, if it costs anything, grows with the workers.

use crate::conclusions::Finding;
use crate::conclusions::seed::grid::RatioGrid;
use crate::conclusions::seed::sweep;
use crate::data::Results;
use crate::data::group::Group;
use crate::data::latency::Pacing;
use crate::data::rows::{SEED_LAYOUT, STD_MPSC};
use crate::format;

/// The finding.
pub(crate) fn finding(results: &Results) -> Finding {
    let heading = String::from(
        "The seed's claim: \"each worker has its own result channel, preventing blocking\"",
    );
    let workloads = results.workloads();
    let groups: Vec<Group> = workloads.iter().cloned().map(Group::Throughput).collect();
    let workers = sweep::worker_counts(results, &groups, &[SEED_LAYOUT, STD_MPSC]);
    let mut grid = RatioGrid::new(
        "workload \\ workers",
        workers.iter().map(usize::to_string).collect(),
    );
    for (workload, group) in workloads.iter().zip(&groups) {
        let cells = workers
            .iter()
            .map(|&count| sweep::ratio(results, group, SEED_LAYOUT, STD_MPSC, count))
            .collect();
        grid.push(format!("`{workload}`"), cells);
    }
    if grid.is_empty() {
        return Finding::lacking(
            heading,
            &format!(
                "No throughput group measured both `{SEED_LAYOUT}` and `{STD_MPSC}`: run \
                 `cargo bench --bench throughput`."
            ),
        );
    }
    let mut text = format!(
        "Throughput of `{SEED_LAYOUT}` (one result channel and forwarder thread per worker, \
         as the seed writes it) over `{STD_MPSC}` (one shared result channel):\n\n{}",
        grid.markdown()
    );
    if let (Some(seed), Some(shared)) = (
        closed_loop_p99(results, SEED_LAYOUT),
        closed_loop_p99(results, STD_MPSC),
    ) {
        text.push_str(&format!(
            "\n\nClosed-loop p99 latency: {} against {}.",
            format::duration(seed),
            format::duration(shared)
        ));
    }
    let tally = RatioGrid::tally(grid.ratios());
    let losing = sweep::columns_where(&grid, |tally| tally.worse > tally.better + tally.ties);
    let winning = sweep::columns_where(&grid, |tally| tally.better > tally.worse + tally.ties);
    let cells = tally.phrase("slower", "faster");
    let verdict = if tally.worse > tally.better + tally.ties {
        format!(
            "**Verdict:** the claim does not hold: `{SEED_LAYOUT}` is {cells} cells; it loses on \
             most workloads at workers = {}, where a forwarder's extra hop costs more than a \
             shared channel's contention.",
            sweep::or_none(&losing)
        )
    } else if tally.better > tally.worse + tally.ties {
        format!(
            "**Verdict:** the claim holds: `{SEED_LAYOUT}` is {cells} cells; it wins on most \
             workloads at workers = {}.",
            sweep::or_none(&winning)
        )
    } else {
        format!(
            "**Verdict:** not settled: `{SEED_LAYOUT}` is {cells} cells (wins on most workloads \
             at workers = {}, loses at {}).",
            sweep::or_none(&winning),
            sweep::or_none(&losing)
        )
    };
    Finding {
        heading,
        paragraphs: vec![text, verdict],
    }
}

fn closed_loop_p99(results: &Results, row: &str) -> Option<f64> {
    let run = results.latency_of(row)?.pacing(Pacing::Closed)?;
    Some(run.percentiles.p99 as f64)
}
