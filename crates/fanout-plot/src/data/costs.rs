//! [`ContractCost`]: an engine against the hand-written loop on its own primitive, at
//! workers = cores: what the contract (laziness, bounds, early drop, panic safety) costs.

use crate::data::Results;
use crate::data::group::Group;
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
    /// The engine's wall time per item, in nanoseconds.
    pub(crate) engine_nanos_per_item: f64,
    /// The reference's, in nanoseconds.
    pub(crate) reference_nanos_per_item: f64,
}

impl ContractCost {
    /// Engine time over reference time: 1.0 means the contract is free, 2.0 that it
    /// doubles the time per item.
    pub(crate) fn ratio(&self) -> f64 {
        self.engine_nanos_per_item / self.reference_nanos_per_item
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
                engine_nanos_per_item: measured.nanos_per_item(),
                reference_nanos_per_item: against.nanos_per_item(),
            });
        }
    }
    costs
}
