//! Reading a bench folder: criterion's estimates, the harness's records and the `batching`
//! bench's page of verdicts, as they are.

mod adaptive_targets;
mod criterion;
mod records;
mod samples;

use std::path::Path;

use fanout_harness::Record;
use fanout_harness::measure::{DecisionCell, WakeUp};

pub(crate) use adaptive_targets::{ADAPTIVE_TARGETS_FILE, AdaptiveTargets};
pub(crate) use criterion::{Estimate, Statistic};

use crate::error::Error;

/// Everything a bench run left in its folder (`target/` by default).
#[derive(Debug, Default)]
pub(crate) struct BenchOutput {
    /// Criterion's estimates of this run.
    pub(crate) estimates: Vec<Estimate>,
    /// Criterion benchmarks left out as left over from an earlier run.
    pub(crate) stale: Vec<String>,
    /// `fanout/latency.jsonl`.
    pub(crate) latency: Vec<Record>,
    /// `fanout/measures.jsonl`.
    pub(crate) measures: Vec<Record>,
    /// `fanout/contract.jsonl`.
    pub(crate) contract: Vec<Record>,
    /// `fanout/efficiency_capacity.jsonl`.
    pub(crate) efficiency_capacity: Vec<Record>,
    /// `fanout/batching.jsonl`: only its provenance, since the bench judges its figures
    /// itself.
    pub(crate) batching: Vec<Record>,
    /// `fanout/async.jsonl`: the async bench's mean timer sleep.
    pub(crate) asynchronous: Vec<Record>,
    /// `fanout/distributed.jsonl`.
    pub(crate) distributed: Vec<Record>,
    /// `fanout/go.jsonl`: the seed in Go against its Rust ports, paired.
    pub(crate) go: Vec<Record>,
    /// `fanout/decision.jsonl`: the decision bench's cells.
    pub(crate) decision: Vec<DecisionCell>,
    /// `fanout/machine.jsonl`: the wake-up the decision bench measured.
    pub(crate) machine: Vec<WakeUp>,
    /// `fanout/adaptive-targets.md`: the `batching` bench's verdicts on adaptive's targets.
    pub(crate) adaptive_targets: Option<AdaptiveTargets>,
}

impl BenchOutput {
    /// Reads `bench_dir/criterion/` and `bench_dir/fanout/*.jsonl`; with none of them
    /// there, says to run the benches first.
    pub(crate) fn read(bench_dir: &Path) -> Result<BenchOutput, Error> {
        if !bench_dir.is_dir() {
            return Err(Error::no_bench_output(bench_dir));
        }
        let criterion = criterion::read(&bench_dir.join("criterion"))?;
        let records = bench_dir.join("fanout");
        let output = BenchOutput {
            estimates: criterion.estimates,
            stale: criterion.stale,
            latency: records::read_if_present(&records.join("latency.jsonl"))?,
            measures: records::read_if_present(&records.join("measures.jsonl"))?,
            contract: records::read_if_present(&records.join("contract.jsonl"))?,
            efficiency_capacity: records::read_if_present(
                &records.join("efficiency_capacity.jsonl"),
            )?,
            batching: records::read_if_present(&records.join("batching.jsonl"))?,
            asynchronous: records::read_if_present(&records.join("async.jsonl"))?,
            distributed: records::read_if_present(&records.join("distributed.jsonl"))?,
            go: records::read_if_present(&records.join("go.jsonl"))?,
            decision: records::read_if_present(&records.join("decision.jsonl"))?,
            machine: records::read_if_present(&records.join("machine.jsonl"))?,
            adaptive_targets: adaptive_targets::read_if_present(
                &records.join(ADAPTIVE_TARGETS_FILE),
            )?,
        };
        if output.estimates.is_empty()
            && output.latency.is_empty()
            && output.measures.is_empty()
            && output.contract.is_empty()
            && output.efficiency_capacity.is_empty()
            && output.batching.is_empty()
            && output.asynchronous.is_empty()
            && output.distributed.is_empty()
            && output.go.is_empty()
            && output.decision.is_empty()
        {
            return Err(Error::no_bench_output(bench_dir));
        }
        Ok(output)
    }
}
