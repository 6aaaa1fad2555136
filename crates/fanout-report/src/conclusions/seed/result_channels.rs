//! "Individual result channels ... preventing blocking": `seed-layout` (one result
//! channel and one forwarder thread per worker) against `std-mpsc` (one shared result
//! channel), the same primitive otherwise, at every worker count of every throughput
//! workload: contention on one channel, if it costs anything, grows with the workers.

use crate::conclusions::seed::grid::RatioGrid;
use crate::conclusions::seed::sweep;
use crate::conclusions::{Finding, list};
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
    // The claim is about contention on one channel, so it is judged where the threads do
    // not also contend for the cores; past them the forwarders double the threads.
    let cores = results.cores();
    let (tally, beyond) = sweep::tally_by_cores(&grid, &workers, cores);
    let claim = sweep::claim(tally);
    let losing = sweep::columns_where(&grid, |column, tally| {
        workers[column] > cores && tally.worse > tally.better + tally.ties
    });
    let past_the_cores = if beyond.total() == 0 {
        String::new()
    } else {
        format!(
            " Past the cores, where its forwarder threads double the threads that compete \
             for them, it is faster in {} of {} cells, tied in {} and slower in {}{}.",
            beyond.better,
            beyond.total(),
            beyond.ties,
            beyond.worse,
            if losing.is_empty() {
                String::new()
            } else {
                format!(", on most workloads at workers = {}", list(&losing))
            }
        )
    };
    let verdict = format!(
        "**Verdict:** at no more workers than the {cores} cores, the claim {claim}: \
         `{SEED_LAYOUT}` is faster in {} of {} cells, tied in {} and slower in {}.\
         {past_the_cores}",
        tally.better,
        tally.total(),
        tally.ties,
        tally.worse
    );
    Finding {
        heading,
        paragraphs: vec![text, verdict],
    }
}

fn closed_loop_p99(results: &Results, row: &str) -> Option<f64> {
    let run = results.latency_of(row)?.pacing(Pacing::Closed)?;
    Some(run.percentiles.p99 as f64)
}
