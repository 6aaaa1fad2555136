//! [`CapacityEfficiency`]: one row's efficiency at one queue capacity, from the
//! `efficiency-capacity` bench: how deep the queues must be for the workers to keep the
//! cores busy.

use fanout_harness::Record;

use crate::data::rows;

/// One streaming row at one capacity on the `efficiency-capacity` bench's workload.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct CapacityEfficiency {
    /// The row.
    pub(crate) row: String,
    /// The workload.
    pub(crate) workload: String,
    /// Workers.
    pub(crate) workers: usize,
    /// Queue capacity.
    pub(crate) capacity: usize,
    /// Speed-up over `sequential` / min(workers, cores).
    pub(crate) efficiency: f64,
}

/// The `efficiency` figures of `records`, by row in the registry's order, then capacity.
pub(crate) fn gather(records: &[Record]) -> Vec<CapacityEfficiency> {
    let mut points: Vec<CapacityEfficiency> = records
        .iter()
        .filter(|record| record.metric == "efficiency")
        .map(|record| CapacityEfficiency {
            row: record.engine.clone(),
            workload: record.workload.clone(),
            workers: record.workers,
            capacity: record.capacity,
            efficiency: record.value,
        })
        .collect();
    points.sort_by_key(|point| (rows::order(&point.row), point.row.clone(), point.capacity));
    points
}

/// The capacities measured, smallest first.
pub(crate) fn capacities(points: &[CapacityEfficiency]) -> Vec<usize> {
    let mut capacities: Vec<usize> = points.iter().map(|point| point.capacity).collect();
    capacities.sort_unstable();
    capacities.dedup();
    capacities
}

/// The rows measured, in the registry's order.
pub(crate) fn rows_of(points: &[CapacityEfficiency]) -> Vec<&str> {
    let mut names: Vec<&str> = Vec::new();
    for point in points {
        if !names.contains(&point.row.as_str()) {
            names.push(&point.row);
        }
    }
    names
}
