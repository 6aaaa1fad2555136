//! [`ContractCost`]: an engine against the hand-written loop on its own primitive, at
//! workers = cores: what the contract (laziness, bounds, early drop, panic safety) costs.

use fanout_harness::Record;
use serde::Serialize;

use crate::data::Results;
use crate::data::group::Group;
use crate::data::interval::Interval;
use crate::data::rows;

/// One engine's time per item over its reference's, on one workload.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct ContractCost {
    /// The workload.
    pub(crate) workload: String,
    /// The engine.
    pub(crate) engine: &'static str,
    /// The `*-reference` row on its primitive.
    pub(crate) reference: &'static str,
    /// Workers of both.
    pub(crate) workers: usize,
    /// The engine's wall time per item with its interval, in nanoseconds.
    pub(crate) engine_nanos_per_item: Interval,
    /// The reference's, in nanoseconds.
    pub(crate) reference_nanos_per_item: Interval,
    /// Engine time over reference time with the interval of the two medians.
    pub(crate) ratio_interval: Interval,
}

impl ContractCost {
    /// Engine time over reference time: 1.0 means the contract is free, 2.0 that it
    /// doubles the time per item.
    pub(crate) fn ratio(&self) -> f64 {
        self.engine_nanos_per_item.value / self.reference_nanos_per_item.value
    }
}

/// Every engine against its reference, on every throughput workload where both ran at
/// the same worker count.
pub(crate) fn contract_costs(results: &Results) -> Vec<ContractCost> {
    let mut costs = Vec::new();
    for workload in results.workloads() {
        let group = Group::Throughput(workload.clone());
        for engine in rows::engines() {
            let Some(reference) = rows::reference_of(engine) else {
                continue;
            };
            let (Some(measured), Some(against)) = (
                results.at_cores(&group, engine),
                results.at_cores(&group, reference),
            ) else {
                continue;
            };
            if measured.workers != against.workers {
                continue;
            }
            costs.push(ContractCost {
                workload: workload.clone(),
                engine,
                reference,
                workers: measured.workers,
                engine_nanos_per_item: measured.nanos_per_item_interval(),
                reference_nanos_per_item: against.nanos_per_item_interval(),
                ratio_interval: against.rate().over(measured.rate()),
            });
        }
    }
    costs
}

/// One engine's cost timed paired by the `contract` bench: engine and reference run
/// alternately, the cost the median of the per-pair ratios with its 95% interval. It is
/// also a line of `contract_paired.csv`, its fields the columns in their order.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub(crate) struct PairedCost {
    /// The workload.
    pub(crate) workload: String,
    /// The engine.
    pub(crate) engine: &'static str,
    /// The `*-reference` row on its primitive.
    pub(crate) reference: &'static str,
    /// Workers of both.
    pub(crate) workers: usize,
    /// How many pairs were timed.
    pub(crate) pairs: usize,
    /// The median of engine time over reference time, pair by pair.
    #[serde(rename = "median_ratio")]
    pub(crate) median: f64,
    /// The lower end of the median's 95% confidence interval.
    #[serde(rename = "ratio_95_low")]
    pub(crate) low: f64,
    /// The upper end.
    #[serde(rename = "ratio_95_high")]
    pub(crate) high: f64,
    /// The engine's median wall time per item, in nanoseconds.
    pub(crate) engine_nanos_per_item: Option<f64>,
    /// The reference's.
    pub(crate) reference_nanos_per_item: Option<f64>,
}

/// Gathers the `contract` bench's records, one [`PairedCost`] per engine and workload, in
/// the registry's order; records of rows it does not know are skipped.
pub(crate) fn gather_paired(records: &[Record]) -> Vec<PairedCost> {
    let value = |row: &str, workload: &str, metric: &str| {
        records
            .iter()
            .find(|record| {
                record.engine == row && record.workload == workload && record.metric == metric
            })
            .map(|record| record.value)
    };
    let mut costs = Vec::new();
    for record in records
        .iter()
        .filter(|record| record.metric == "contract_cost")
    {
        // Async engines are paired on async-noop against their own references.
        let (Some(engine), Some(reference)) = (
            rows::engines()
                .chain(rows::async_engines())
                .find(|engine| *engine == record.engine),
            rows::reference_of(&record.engine),
        ) else {
            continue;
        };
        let workload = record.workload.as_str();
        costs.push(PairedCost {
            workload: record.workload.clone(),
            engine,
            reference,
            workers: record.workers,
            median: record.value,
            low: value(engine, workload, "contract_cost_low").unwrap_or(record.value),
            high: value(engine, workload, "contract_cost_high").unwrap_or(record.value),
            pairs: value(engine, workload, "contract_cost_pairs").map_or(0, |pairs| pairs as usize),
            engine_nanos_per_item: value(engine, workload, "nanos_per_item"),
            reference_nanos_per_item: value(reference, workload, "nanos_per_item"),
        });
    }
    costs.sort_by_key(|cost| (rows::order(cost.engine), cost.workload.clone()));
    costs
}
