//! Unbuffered channels with real work per item: each engine's throughput at its default
//! capacity over capacity 0 on the `capacity/<c>/<workload>` groups, beside noop's sweep,
//! since a rendezvous that costs much on noop may cost nothing once items carry work.

use crate::conclusions::seed::grid::RatioGrid;
use crate::data::Results;
use crate::data::group::Group;
use crate::data::rows;

/// One column: a workload, and the groups its buffered and unbuffered figures come from.
struct Column {
    heading: String,
    buffered: Group,
    unbuffered: Group,
}

/// The table and its verdict, or what is missing where no group measured real work.
pub(crate) fn parts(results: &Results) -> (String, String) {
    let columns = columns(results);
    if columns.is_empty() {
        return (
            String::from(
                "No `capacity/<c>/<workload>` groups measured capacity 0 beside a buffered \
                 one on real work: run `cargo bench --bench capacity`.",
            ),
            String::from("with work per item: not measured"),
        );
    }
    let mut grid = RatioGrid::new(
        "engine",
        columns
            .iter()
            .map(|column| column.heading.clone())
            .collect(),
    );
    for engine in rows::engines() {
        let cells = columns
            .iter()
            .map(|column| {
                let slow = results.at_cores(&column.unbuffered, engine)?;
                let fast = results.at_cores(&column.buffered, engine)?;
                Some(fast.rate().over(slow.rate()))
            })
            .collect();
        grid.push(format!("`{engine}`"), cells);
    }
    let per_workload: Vec<String> = columns
        .iter()
        .enumerate()
        .map(|(index, column)| {
            let tally = RatioGrid::tally(grid.column(index));
            format!(
                "{}: {} of {} faster buffered, {} tied",
                column.heading,
                tally.better,
                tally.total(),
                tally.ties
            )
        })
        .collect();
    (
        format!(
            "With work per item, at {} workers, buffered over unbuffered (the capacities in \
             each heading):\n\n{}",
            results.cores(),
            grid.markdown()
        ),
        format!("with work, {}", per_workload.join("; ")),
    )
}

/// Noop's sweep at the smallest capacity at least the real work's buffered one, then each
/// workload measured at capacity 0 and a buffered capacity, in the benches' order.
fn columns(results: &Results) -> Vec<Column> {
    let mut measured: Vec<(String, usize)> = results
        .timings
        .iter()
        .filter_map(|timing| match &timing.group {
            Group::CapacityOn(capacity, workload) => Some((workload.clone(), *capacity)),
            _ => None,
        })
        .collect();
    measured.sort_by_key(|(workload, capacity)| {
        (crate::data::group::workload_order(workload), *capacity)
    });
    measured.dedup();
    let mut columns = Vec::new();
    for (workload, capacity) in &measured {
        let unbuffered = (workload.clone(), 0);
        if *capacity == 0 || !measured.contains(&unbuffered) {
            continue;
        }
        if columns.is_empty()
            && let Some(noop) = results.capacities().into_iter().find(|&c| c >= *capacity)
            && results.capacities().contains(&0)
        {
            columns.push(Column {
                heading: format!("`noop` ({noop} over 0)"),
                buffered: Group::Capacity(noop),
                unbuffered: Group::Capacity(0),
            });
        }
        columns.push(Column {
            heading: format!("`{workload}` ({capacity} over 0)"),
            buffered: Group::CapacityOn(*capacity, workload.clone()),
            unbuffered: Group::CapacityOn(0, workload.clone()),
        });
    }
    columns
}
