//! The decision table's figures: for each kind of work and each worker count (1, cores,
//! and 2, 4 and 8 times the cores), which streaming engine to use, by how much, and
//! whether fanning out beats `sequential` at all.

use fanout_harness::Workload;
use fanout_harness::measure::Decision;

use crate::data::Results;
use crate::data::group::Group;
use crate::data::interval::Interval;
use crate::data::rows;
use crate::data::timing::Timing;

/// Multiples of the cores the table's columns stand at, after one worker.
const CORE_MULTIPLES: [usize; 4] = [1, 2, 4, 8];

/// One cell: a workload at a worker count.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Cell {
    /// The workload.
    pub(crate) workload: String,
    /// Workers.
    pub(crate) workers: usize,
    /// The decision, or `None` where no engine was measured there.
    pub(crate) decision: Option<Decision<'static>>,
    /// The winner's throughput over `rayon-par-iter`'s at the same workers.
    pub(crate) over_rayon_par_iter: Option<Interval>,
}

/// The table: its workloads (rows), its worker counts (columns), and the cells.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct DecisionTable {
    /// The workloads measured, in the table's order.
    pub(crate) workloads: Vec<String>,
    /// The workloads the table asks about that this run did not measure.
    pub(crate) unmeasured_workloads: Vec<String>,
    /// The worker counts measured for at least one workload.
    pub(crate) workers: Vec<usize>,
    /// The worker counts the table asks about that no workload measured.
    pub(crate) unmeasured_workers: Vec<usize>,
    /// Cells, row by row.
    pub(crate) cells: Vec<Cell>,
}

impl DecisionTable {
    /// The cell of `workload` at `workers`.
    pub(crate) fn cell(&self, workload: &str, workers: usize) -> Option<&Cell> {
        self.cells
            .iter()
            .find(|cell| cell.workload == workload && cell.workers == workers)
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

/// 1, cores, 2 x cores, 4 x cores, 8 x cores, without repeats.
pub(crate) fn asked_workers(cores: usize) -> Vec<usize> {
    let mut workers = vec![1];
    for multiple in CORE_MULTIPLES {
        let count = multiple * cores.max(1);
        if !workers.contains(&count) {
            workers.push(count);
        }
    }
    workers
}

/// The table from the throughput groups.
pub(crate) fn decision_table(results: &Results) -> DecisionTable {
    let measured = results.workloads();
    let (workloads, unmeasured_workloads): (Vec<String>, Vec<String>) = asked_workloads()
        .into_iter()
        .partition(|workload| measured.contains(workload));
    let mut cells = Vec::new();
    for workload in &workloads {
        for workers in asked_workers(results.cores()) {
            cells.push(cell(results, workload, workers));
        }
    }
    let (workers, unmeasured_workers): (Vec<usize>, Vec<usize>) = asked_workers(results.cores())
        .into_iter()
        .partition(|&workers| {
            cells
                .iter()
                .any(|cell| cell.workers == workers && cell.decision.is_some())
        });
    cells.retain(|cell| workers.contains(&cell.workers));
    DecisionTable {
        workloads,
        unmeasured_workloads,
        workers,
        unmeasured_workers,
        cells,
    }
}

fn cell(results: &Results, workload: &str, workers: usize) -> Cell {
    let group = Group::Throughput(workload.to_owned());
    let rate_of = |row: &str| {
        results
            .in_group(&group)
            .find(|timing| timing.row == row && timing.workers == workers)
            .map(Timing::rate)
    };
    let candidates: Vec<(&'static str, Interval)> = rows::engines()
        .filter_map(|engine| Some((engine, rate_of(engine)?)))
        .collect();
    // `sequential` runs at one worker only: every column is measured against that run.
    let sequential = results.sequential(&group).map(Timing::rate);
    let decision = Decision::of(&candidates, sequential);
    let over_rayon_par_iter = decision
        .zip(rate_of(rows::RAYON_PAR_ITER))
        .map(|(decision, rayon)| decision.rate.over(rayon));
    Cell {
        workload: workload.to_owned(),
        workers,
        decision,
        over_rayon_par_iter,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_columns_are_one_worker_and_multiples_of_the_cores() {
        assert_eq!(asked_workers(2), [1, 2, 4, 8, 16]);
        assert_eq!(asked_workers(1), [1, 2, 4, 8]);
        assert_eq!(asked_workers(0), [1, 2, 4, 8]);
        assert!(!asked_workloads().contains(&String::from("seed")));
        assert_eq!(asked_workloads().len(), Workload::THROUGHPUT_SET.len() - 1);
    }
}
