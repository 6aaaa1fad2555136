//! [`CapacityEfficiency`]: one row's efficiency at one queue capacity, from the
//! `efficiency-capacity` bench: how deep the queues must be for the workers to keep the
//! cores busy.

use fanout_harness::Record;
use fanout_harness::measure::Interval;

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
    /// The lower end of its interval, where the bench wrote an `efficiency_low` record.
    pub(crate) efficiency_low: Option<f64>,
    /// The upper end, where the bench wrote an `efficiency_high` record.
    pub(crate) efficiency_high: Option<f64>,
}

/// The `efficiency` figures of `records`, by row in the registry's order, then capacity,
/// with the ends of their interval where the bench recorded them beside the figure.
pub(crate) fn gather(records: &[Record]) -> Vec<CapacityEfficiency> {
    let end = |point: &Record, metric: &str| {
        records
            .iter()
            .find(|record| {
                record.metric == metric
                    && record.engine == point.engine
                    && record.workload == point.workload
                    && record.workers == point.workers
                    && record.capacity == point.capacity
            })
            .map(|record| record.value)
    };
    let mut points: Vec<CapacityEfficiency> = records
        .iter()
        .filter(|record| record.metric == "efficiency")
        .map(|record| CapacityEfficiency {
            row: record.engine.clone(),
            workload: record.workload.clone(),
            workers: record.workers,
            capacity: record.capacity,
            efficiency: record.value,
            efficiency_low: end(record, "efficiency_low"),
            efficiency_high: end(record, "efficiency_high"),
        })
        .collect();
    points.sort_by_key(|point| (rows::order(&point.row), point.row.clone(), point.capacity));
    points
}

impl CapacityEfficiency {
    /// The efficiency with its spread, or alone where the bench recorded none.
    pub(crate) fn interval(&self) -> Interval {
        Interval {
            value: self.efficiency,
            low: self.efficiency_low.unwrap_or(self.efficiency),
            high: self.efficiency_high.unwrap_or(self.efficiency),
        }
    }
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
