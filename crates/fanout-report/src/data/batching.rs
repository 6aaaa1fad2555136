//! [`BatchingComparison`]: one comparison of the `batching` bench gathered: a batching
//! engine's time per item over another row's, timed in alternating pairs, with its 95%
//! interval, and against `sequential` its efficiency.

use fanout_harness::Record;

use crate::data::interval::Interval;
use crate::data::rows::SEQUENTIAL_ROW;

/// A batching engine against one other row on one workload.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct BatchingComparison {
    /// The batching engine.
    pub(crate) engine: String,
    /// The workload.
    pub(crate) workload: String,
    /// The row it was paired against.
    pub(crate) other: String,
    /// Workers.
    pub(crate) workers: usize,
    /// The engine's time per item over the other row's: the median of the paired ratios.
    pub(crate) time_over: Interval,
    /// How many pairs were timed.
    pub(crate) pairs: usize,
    /// Against `sequential`: the engine's efficiency, speed-up over the usable cores.
    pub(crate) efficiency: Option<Interval>,
}

/// Gathers `batching.jsonl`: one comparison per `time_over:<row>` record.
pub(crate) fn gather(records: &[Record]) -> Vec<BatchingComparison> {
    let value = |engine: &str, workload: &str, metric: &str| {
        records
            .iter()
            .find(|record| {
                record.engine == engine && record.workload == workload && record.metric == metric
            })
            .map(|record| record.value)
    };
    let interval = |engine: &str, workload: &str, metric: &str, low: &str, high: &str| {
        let median = value(engine, workload, metric)?;
        Some(Interval {
            value: median,
            low: value(engine, workload, low).unwrap_or(median),
            high: value(engine, workload, high).unwrap_or(median),
        })
    };
    let mut comparisons = Vec::new();
    for record in records {
        let Some(other) = record.metric.strip_prefix("time_over:") else {
            continue;
        };
        let (engine, workload) = (record.engine.as_str(), record.workload.as_str());
        let Some(time_over) = interval(
            engine,
            workload,
            &record.metric,
            &format!("time_over_low:{other}"),
            &format!("time_over_high:{other}"),
        ) else {
            continue;
        };
        // The efficiency records name no row: they belong to the comparison with
        // `sequential`, the only one that writes them.
        let efficiency = (other == SEQUENTIAL_ROW)
            .then(|| {
                interval(
                    engine,
                    workload,
                    "efficiency",
                    "efficiency_low",
                    "efficiency_high",
                )
            })
            .flatten();
        comparisons.push(BatchingComparison {
            engine: engine.to_owned(),
            workload: workload.to_owned(),
            other: other.to_owned(),
            workers: record.workers,
            time_over,
            pairs: value(engine, workload, &format!("pairs:{other}")).map_or(0, |n| n as usize),
            efficiency,
        });
    }
    comparisons
}
