//! The decision table's cells: for each kind of work and each worker count the `decision`
//! bench timed, its rounds as recorded, judged by [`CellVerdict`].

use fanout_harness::Workload;
use fanout_harness::measure::{CellVerdict, DecisionCell};

use crate::data::Results;

/// The table: its workloads (rows), its worker counts (columns), and the cells.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct DecisionTable<'a> {
    /// The workloads measured, in the table's order.
    pub(crate) workloads: Vec<String>,
    /// The workloads the table asks about that this run did not measure.
    pub(crate) unmeasured_workloads: Vec<String>,
    /// Every worker count measured for at least one workload, fewest first.
    pub(crate) workers: Vec<usize>,
    /// The cells as the bench recorded them.
    pub(crate) cells: Vec<&'a DecisionCell>,
}

impl DecisionTable<'_> {
    /// The cell of `workload` at `workers`, if it was measured.
    pub(crate) fn cell(&self, workload: &str, workers: usize) -> Option<&DecisionCell> {
        self.cells
            .iter()
            .copied()
            .find(|cell| cell.workload == workload && cell.workers == workers)
    }

    /// Each measured cell with its verdict, in the table's order.
    pub(crate) fn verdicts(&self) -> impl Iterator<Item = (&DecisionCell, CellVerdict<'_>)> {
        self.workloads.iter().flat_map(move |workload| {
            self.workers.iter().filter_map(move |&workers| {
                let cell = self.cell(workload, workers)?;
                Some((cell, CellVerdict::of(cell)?))
            })
        })
    }
}

/// The kinds of work the table asks about: the benches' throughput set but `seed`, which
/// is the seed's demo rather than a kind of work.
pub(crate) fn asked_workloads() -> Vec<String> {
    Workload::THROUGHPUT_SET
        .into_iter()
        .filter(|workload| !matches!(workload, Workload::Seed))
        .map(|workload| workload.to_string())
        .collect()
}

/// The table from the decision bench's cells.
pub(crate) fn decision_table(results: &Results) -> DecisionTable<'_> {
    let cells: Vec<&DecisionCell> = results.decision_cells.iter().collect();
    let (workloads, unmeasured_workloads): (Vec<String>, Vec<String>) = asked_workloads()
        .into_iter()
        .partition(|workload| cells.iter().any(|cell| &cell.workload == workload));
    let mut workers: Vec<usize> = cells.iter().map(|cell| cell.workers).collect();
    workers.sort_unstable();
    workers.dedup();
    DecisionTable {
        workloads,
        unmeasured_workloads,
        workers,
        cells,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_table_asks_about_every_kind_of_work_but_the_seeds_demo() {
        assert!(!asked_workloads().contains(&String::from("seed")));
        assert_eq!(asked_workloads().len(), Workload::THROUGHPUT_SET.len() - 1);
    }
}
