//! Unbuffered channels: the seed's `make(chan Result)` is a rendezvous, capacity 0 here.
//! What buffering buys: each engine's throughput at every buffered capacity over
//! capacity 0 on noop, where hand-offs are all the work there is; then, with real work
//! per item, [`unbuffered_work`](super::unbuffered_work).

use fanout_harness::measure::median;

use crate::conclusions::Finding;
use crate::conclusions::seed::grid::RatioGrid;
use crate::data::Results;
use crate::data::group::Group;
use crate::data::rows;
use crate::format;

/// The finding.
pub(crate) fn finding(results: &Results) -> Finding {
    let heading =
        String::from("The seed's unbuffered channels: capacity 0 against buffered queues");
    let capacities = results.capacities();
    let buffered: Vec<usize> = capacities
        .iter()
        .copied()
        .filter(|&capacity| capacity > 0)
        .collect();
    if !capacities.contains(&0) || buffered.is_empty() {
        return Finding::lacking(
            heading,
            "The capacity sweep lacks capacity 0 or a buffered capacity: run `cargo bench --bench capacity`.",
        );
    }
    let rendezvous = Group::Capacity(0);
    let mut grid = RatioGrid::new(
        "engine \\ capacity",
        buffered.iter().map(usize::to_string).collect(),
    );
    for engine in rows::engines() {
        let cells = buffered
            .iter()
            .map(|&capacity| {
                let slow = results.at_cores(&rendezvous, engine)?;
                let fast = results.at_cores(&Group::Capacity(capacity), engine)?;
                Some(fast.rate().over(slow.rate()))
            })
            .collect();
        grid.push(format!("`{engine}`"), cells);
    }
    let columns: Vec<String> = grid
        .columns()
        .iter()
        .enumerate()
        .filter_map(|(index, capacity)| {
            let gains: Vec<f64> = grid.column(index).map(|gain| gain.value).collect();
            let tally = RatioGrid::tally(grid.column(index));
            let slower = if tally.worse > 0 {
                format!(", slower for {}", tally.worse)
            } else {
                String::new()
            };
            Some(format!(
                "at {capacity}, faster for {} of {} engines{slower} (median {})",
                tally.better,
                tally.total(),
                format::times(median(&gains)?)
            ))
        })
        .collect();
    let (work_table, work_verdict) = super::unbuffered_work::parts(results);
    Finding {
        heading,
        paragraphs: vec![
            format!(
                "Go's unbuffered channels make every hand-off wait for the other side: \
                 capacity 0 here (`tokio`'s channel serves 0 as 1). Throughput at capacity c \
                 over capacity 0, on `noop` at {} workers:\n\n{}",
                results.cores(),
                grid.markdown()
            ),
            work_table,
            format!(
                "**Verdict:** on `noop`, buffered over capacity 0 beyond the noise: {}; \
                 {work_verdict}.",
                columns.join("; ")
            ),
        ],
    }
}
