//! The workloads as NATS jobs: what `fanout worker` serves and the distributed bench runs.

use std::borrow::Cow;

use fanout_core::WorkerId;
use fanout_nats::{Job, Jobs};
use serde::{Deserialize, Serialize};

use super::Workload;
use super::kinds::{Kind, KindVisitor};

/// One item on the wire: its number, and for `payload-<n>` its bytes (empty otherwise),
/// which travel to the worker and back.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct WireItem {
    /// The item's number, from 0.
    pub id: u64,
    /// The payload's bytes.
    pub bytes: Vec<u8>,
}

/// A workload as a job named like the workload (`noop`, `spin-1ms`, `payload-1KiB`): the
/// worker makes the workload's item from the number, runs the workload's work on it,
/// and answers with the number of the item the result names and the payload.
#[derive(Clone, Copy, Debug)]
pub struct WorkloadJob(Workload);

impl WorkloadJob {
    /// The job for `workload`.
    pub fn new(workload: Workload) -> WorkloadJob {
        WorkloadJob(workload)
    }

    /// Item `id` of this workload, as sent to workers.
    pub fn input(&self, id: u64) -> WireItem {
        let bytes = match self.0 {
            Workload::Payload(size) => vec![id as u8; size.bytes()],
            _ => Vec::new(),
        };
        WireItem { id, bytes }
    }
}

impl Job for WorkloadJob {
    /// The family's name; each value is published under its workload's name.
    const NAME: &'static str = "workload";
    type Input = WireItem;
    type Output = WireItem;

    fn call(&self, worker: WorkerId, input: WireItem) -> WireItem {
        let WireItem { id, bytes } = input;
        let id = self.0.visit(CallOne { worker, id });
        WireItem { id, bytes }
    }

    fn name(&self) -> Cow<'static, str> {
        Cow::Owned(self.0.to_string())
    }
}

/// Runs a workload's work on item `id` and returns the number its result names.
struct CallOne {
    worker: WorkerId,
    id: u64,
}

impl KindVisitor for CallOne {
    type Output = u64;

    fn visit<K: Kind>(self, kind: K) -> u64 {
        K::id(&kind.work(self.worker, kind.item(self.id)))
    }
}

/// Every workload as a job, resolved by name: what `fanout worker` serves.
pub fn workload_jobs() -> Jobs {
    Jobs::new().with_family(format!("the workloads ({})", Workload::ACCEPTED), |name| {
        name.parse().ok().map(WorkloadJob::new)
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::PayloadSize;

    #[test]
    fn each_workload_job_answers_with_its_item_and_payload() {
        for name in [
            "noop",
            "seed",
            "spin-1us",
            "sleep-1us",
            "skewed",
            "payload-64B",
        ] {
            let job = WorkloadJob::new(name.parse().unwrap());
            assert_eq!(job.name(), name);
            for id in [0, 5] {
                let input = job.input(id);
                assert_eq!(job.call(1, input.clone()), input, "{name}");
            }
        }
        assert_eq!(
            WorkloadJob::new(Workload::Payload(PayloadSize::KiB1))
                .input(2)
                .bytes
                .len(),
            1024
        );
    }
}
