//! "Automatic load balancing: workers naturally consume jobs as they become available":
//! every engine against `static-split` (items dealt round robin in advance, no shared
//! queue), on `skewed-rare`, whose few heavy items a static split strands on one
//! worker, at every worker count measured. `skewed`'s common heavy items cannot test it:
//! over thousands of items, every worker of a static split draws about its share.

use fanout_harness::{RARE_HEAVY, RARE_LIGHT, RARE_PERIOD, Workload};

use crate::conclusions::seed::grid::RatioGrid;
use crate::conclusions::seed::sweep;
use crate::conclusions::{Finding, list};
use crate::data::Results;
use crate::data::group::Group;
use crate::data::rows::{self, STATIC_SPLIT};
use crate::format;

/// The finding.
pub(crate) fn finding(results: &Results) -> Finding {
    let heading = String::from(
        "The seed's claim: \"automatic load balancing: workers naturally consume jobs as they become available\"",
    );
    let workload = Workload::SkewedRare;
    let group = Group::Throughput(workload.to_string());
    // With one worker there is nothing to balance: both run every item on one thread.
    let workers: Vec<usize> =
        sweep::worker_counts(results, std::slice::from_ref(&group), &[STATIC_SPLIT])
            .into_iter()
            .filter(|&count| count > 1)
            .collect();
    let mut grid = RatioGrid::new(
        "engine \\ workers",
        workers.iter().map(usize::to_string).collect(),
    );
    for engine in rows::engines() {
        let cells = workers
            .iter()
            .map(|&count| sweep::ratio(results, &group, engine, STATIC_SPLIT, count))
            .collect();
        grid.push(format!("`{engine}`"), cells);
    }
    if grid.is_empty() {
        return Finding::lacking(
            heading,
            &format!(
                "No `{group}` group with `{STATIC_SPLIT}` and an engine at two workers or \
                 more: run `cargo bench --bench throughput`."
            ),
        );
    }
    let text = format!(
        "Each engine's throughput over `{STATIC_SPLIT}`'s (items dealt round robin in \
         advance, no shared queue) on `{workload}`: {} per item, {} on every \
         {RARE_PERIOD}th, which round robin deals to one worker at every count swept.\n\n{}",
        format::duration(RARE_LIGHT.as_nanos() as f64),
        format::duration(RARE_HEAVY.as_nanos() as f64),
        grid.markdown()
    );
    let (mut everywhere, mut in_part, mut nowhere) = (Vec::new(), Vec::new(), Vec::new());
    for (engine, wins, cells) in grid.row_wins() {
        if wins.len() == cells {
            everywhere.push(engine.to_owned());
        } else if wins.is_empty() {
            nowhere.push(engine.to_owned());
        } else {
            in_part.push(format!("{engine} (at {})", list(&wins)));
        }
    }
    let parts: Vec<String> = [
        ("at every worker count", everywhere),
        ("at some", in_part),
        ("at none", nowhere),
    ]
    .into_iter()
    .filter(|(_, engines)| !engines.is_empty())
    .map(|(when, engines)| format!("{when}: {}", list(&engines)))
    .collect();
    let verdict = format!(
        "**Verdict:** faster than `{STATIC_SPLIT}` beyond the noise {}.",
        parts.join("; ")
    );
    Finding {
        heading,
        paragraphs: vec![text, verdict],
    }
}
