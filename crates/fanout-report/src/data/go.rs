//! The seed in Go against its Rust ports: the `go` bench's paired comparisons
//! ([`GoPairing`]), and from the throughput groups, per workload and worker count, each
//! Go row's time per item beside `seed-layout`'s, the best per-item engine's and
//! `adaptive`'s ([`GoBeside`]).

use fanout_harness::Record;
use fanout_harness::go::COMPARED_GO_ROWS;

use crate::data::Results;
use crate::data::group::Group;
use crate::data::interval::Interval;
use crate::data::rows::{self, SEED_LAYOUT};
use crate::data::timing::Timing;

/// The engine that hands off batches that size themselves, which the Go rows are held
/// against beside the per-item engines.
const ADAPTIVE: &str = "adaptive";

/// A Go row against a Rust row, timed in alternating pairs by the `go` bench.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct GoPairing {
    /// The Go row.
    pub(crate) go_row: String,
    /// The Rust row it was paired with.
    pub(crate) rust_row: String,
    /// The workload.
    pub(crate) workload: String,
    /// Workers of both.
    pub(crate) workers: usize,
    /// The Go row's time per item over the Rust row's: the median of the pairs' ratios.
    pub(crate) time_over: Interval,
    /// How many pairs were timed.
    pub(crate) pairs: usize,
    /// The Go row's median time per item in those pairs, in nanoseconds.
    pub(crate) go_nanos: f64,
    /// The Rust row's, in nanoseconds.
    pub(crate) rust_nanos: f64,
}

/// Gathers `go.jsonl`: one pairing per `time_over:<row>` record.
pub(crate) fn gather(records: &[Record]) -> Vec<GoPairing> {
    let value = |of: &Record, metric: &str| {
        records
            .iter()
            .find(|record| {
                record.engine == of.engine
                    && record.workload == of.workload
                    && record.workers == of.workers
                    && record.metric == metric
            })
            .map(|record| record.value)
    };
    records
        .iter()
        .filter_map(|record| {
            let rust_row = record.metric.strip_prefix("time_over:")?;
            let named = |metric: &str| value(record, &format!("{metric}:{rust_row}"));
            Some(GoPairing {
                go_row: record.engine.clone(),
                rust_row: rust_row.to_owned(),
                workload: record.workload.clone(),
                workers: record.workers,
                time_over: Interval {
                    value: record.value,
                    low: named("time_over_low").unwrap_or(record.value),
                    high: named("time_over_high").unwrap_or(record.value),
                },
                pairs: named("pairs").map_or(0, |pairs| pairs as usize),
                go_nanos: named("nanos_per_item")?,
                rust_nanos: named("other_nanos_per_item")?,
            })
        })
        .collect()
}

/// One Go row at one worker count of one throughput group, beside the Rust rows.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct GoBeside {
    /// The workload.
    pub(crate) workload: String,
    /// The Go row.
    pub(crate) go_row: &'static str,
    /// Workers.
    pub(crate) workers: usize,
    /// Its time per item, in nanoseconds, with its interval.
    pub(crate) nanos: Interval,
    /// Its time over `seed-layout`'s at the same workers.
    pub(crate) over_seed_layout: Option<Interval>,
    /// The fastest per-item engine at the same workers, and the Go row's time over its.
    pub(crate) over_best: Option<(&'static str, Interval)>,
    /// Its time over `adaptive`'s at the same workers.
    pub(crate) over_adaptive: Option<Interval>,
}

/// Every Go row of every throughput group, at every worker count it was measured at,
/// workload by workload in the benches' order.
pub(crate) fn beside(results: &Results) -> Vec<GoBeside> {
    let mut rows = Vec::new();
    for workload in results.workloads() {
        let group = Group::Throughput(workload.clone());
        for go_row in COMPARED_GO_ROWS.map(|row| row.name) {
            let mut measured: Vec<_> = results
                .in_group(&group)
                .filter(|timing| timing.row == go_row)
                .collect();
            measured.sort_by_key(|timing| timing.workers);
            for go in measured {
                let nanos = per_item(go);
                let theirs = |row: &str| {
                    results
                        .in_group(&group)
                        .find(|timing| timing.row == row && timing.workers == go.workers)
                        .map(per_item)
                };
                // The per-item engines are every engine but the adaptive one.
                let best = rows::engines()
                    .filter(|row| *row != ADAPTIVE)
                    .filter_map(|row| Some((row, theirs(row)?)))
                    .min_by(|a, b| a.1.value.total_cmp(&b.1.value));
                rows.push(GoBeside {
                    workload: workload.clone(),
                    go_row,
                    workers: go.workers,
                    nanos,
                    over_seed_layout: theirs(SEED_LAYOUT).map(|time| nanos.over(time)),
                    over_best: best.map(|(row, time)| (row, nanos.over(time))),
                    over_adaptive: theirs(ADAPTIVE).map(|time| nanos.over(time)),
                });
            }
        }
    }
    rows
}

/// A timing's time per item with its interval, in nanoseconds: a ratio of per-item times
/// holds however many items each group ran.
fn per_item(timing: &Timing) -> Interval {
    timing
        .time_with_interval()
        .scaled(1.0 / timing.items.max(1) as f64)
}
