//! What the seed's claims ask of a worker sweep: the worker counts two rows share, one
//! row's throughput over another's at a worker count, and the columns a grid's verdict
//! names.

use crate::conclusions::seed::grid::{RatioGrid, Tally};
use crate::data::Results;
use crate::data::group::Group;
use crate::data::interval::Interval;

/// The worker counts at which every one of `rows` was measured in at least one of
/// `groups`, fewest first.
pub(crate) fn worker_counts(results: &Results, groups: &[Group], rows: &[&str]) -> Vec<usize> {
    let mut counts: Vec<usize> = Vec::new();
    for group in groups {
        let measured = |row: &str, workers: usize| {
            results
                .in_group(group)
                .any(|timing| timing.row == row && timing.workers == workers)
        };
        for timing in results.in_group(group) {
            if !counts.contains(&timing.workers)
                && rows.iter().all(|row| measured(row, timing.workers))
            {
                counts.push(timing.workers);
            }
        }
    }
    counts.sort_unstable();
    counts
}

/// `mine`'s throughput over `theirs`' in `group` at `workers`, with both intervals.
pub(crate) fn ratio(
    results: &Results,
    group: &Group,
    mine: &str,
    theirs: &str,
    workers: usize,
) -> Option<Interval> {
    let at = |row: &str| {
        results
            .in_group(group)
            .find(|timing| timing.row == row && timing.workers == workers)
    };
    Some(at(mine)?.rate().over(at(theirs)?.rate()))
}

/// The headings of the grid's columns whose tally `wanted` picks.
pub(crate) fn columns_where(grid: &RatioGrid, wanted: impl Fn(Tally) -> bool) -> Vec<String> {
    (0..grid.columns().len())
        .filter(|&index| wanted(RatioGrid::tally(grid.column(index))))
        .map(|index| grid.columns()[index].clone())
        .collect()
}
