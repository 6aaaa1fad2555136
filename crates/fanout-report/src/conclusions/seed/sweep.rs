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

/// The headings of the grid's columns whose index and tally `wanted` picks.
pub(crate) fn columns_where(
    grid: &RatioGrid,
    wanted: impl Fn(usize, Tally) -> bool,
) -> Vec<String> {
    (0..grid.columns().len())
        .filter(|&index| wanted(index, RatioGrid::tally(grid.column(index))))
        .map(|index| grid.columns()[index].clone())
        .collect()
}

/// The grid's cells tallied apart: those at no more workers than `cores` (the columns are
/// `workers`), and those past them, where every extra thread competes for the cores.
pub(crate) fn tally_by_cores(grid: &RatioGrid, workers: &[usize], cores: usize) -> (Tally, Tally) {
    let (within, past): (Vec<usize>, Vec<usize>) =
        (0..workers.len()).partition(|&column| workers[column] <= cores);
    let tally_of = |columns: &[usize]| {
        RatioGrid::tally(columns.iter().flat_map(|&column| grid.column(column)))
    };
    (tally_of(&within), tally_of(&past))
}

/// What a tally says of a claim: it holds where the cells that favour it outnumber the
/// rest, does not hold where those against it do, and is not supported otherwise.
pub(crate) fn claim(tally: Tally) -> &'static str {
    if tally.total() == 0 {
        "is not judged (no cell)"
    } else if tally.better > tally.worse + tally.ties {
        "holds"
    } else if tally.worse > tally.better + tally.ties {
        "does not hold"
    } else {
        "is not supported"
    }
}
