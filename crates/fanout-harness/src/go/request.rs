//! What the Rust side asks of the Go program, one JSON line a run, and what it answers:
//! each workload is sent as what it costs (its durations, which items are heavy), taken
//! from the harness's own definitions, so that Go runs the same work as the Rust rows.

use std::time::Duration;

use serde::{Deserialize, Serialize};

use crate::measure::LostOrDuplicated;
use crate::workload::{RARE_HEAVY, RARE_LIGHT, RARE_PERIOD, SKEWED_HEAVY, SKEWED_LIGHT, Workload};

/// One run.
#[derive(Clone, Debug, Serialize)]
pub(crate) struct Request {
    pub(crate) topology: &'static str,
    pub(crate) workers: usize,
    pub(crate) capacity: usize,
    pub(crate) items: usize,
    pub(crate) work: Work,
}

/// A workload as the Go program reads it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub(crate) enum Work {
    Noop,
    Seed,
    Spin {
        nanos: u64,
    },
    Sleep {
        nanos: u64,
    },
    Uneven {
        light_nanos: u64,
        heavy_nanos: u64,
        heavy: Heavy,
        #[serde(skip_serializing_if = "Option::is_none")]
        period: Option<u64>,
    },
}

/// Which items of an uneven workload are heavy.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub(crate) enum Heavy {
    /// `skewed`'s: a fixed hash of the item's number picks a tenth.
    HashedTenth,
    /// `skewed-rare`'s: every multiple of the period.
    Period,
}

/// The Go program's answer.
#[derive(Clone, Debug, Deserialize)]
pub(crate) struct Reply {
    #[serde(default)]
    pub(crate) elapsed_nanos: u64,
    #[serde(default)]
    pub(crate) per_worker: Option<Vec<u64>>,
    #[serde(default)]
    pub(crate) failure: Option<LostOrDuplicated>,
    #[serde(default)]
    pub(crate) error: Option<String>,
}

fn nanos(duration: Duration) -> u64 {
    u64::try_from(duration.as_nanos()).unwrap_or(u64::MAX)
}

impl Work {
    /// `workload` for the Go program; `None` for the payload and async workloads, which
    /// measure Rust's types and runtimes and have no Go form here.
    pub(crate) fn of(workload: Workload) -> Option<Work> {
        Some(match workload {
            Workload::Noop => Work::Noop,
            Workload::Seed => Work::Seed,
            Workload::Spin(duration) => Work::Spin {
                nanos: nanos(duration),
            },
            Workload::Sleep(duration) => Work::Sleep {
                nanos: nanos(duration),
            },
            Workload::Skewed => Work::Uneven {
                light_nanos: nanos(SKEWED_LIGHT),
                heavy_nanos: nanos(SKEWED_HEAVY),
                heavy: Heavy::HashedTenth,
                period: None,
            },
            Workload::SkewedRare => Work::Uneven {
                light_nanos: nanos(RARE_LIGHT),
                heavy_nanos: nanos(RARE_HEAVY),
                heavy: Heavy::Period,
                period: Some(RARE_PERIOD),
            },
            Workload::Payload(_)
            | Workload::AsyncNoop
            | Workload::AsyncSleep(_)
            | Workload::TcpEcho
            | Workload::SpawnBlockingSpin(_) => return None,
        })
    }
}

/// Whether the Go program runs `workload`: the throughput and balance workloads do.
pub fn runs_in_go(workload: Workload) -> bool {
    Work::of(workload).is_some()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_throughput_workload_runs_in_go_with_the_harness_durations() {
        for workload in Workload::THROUGHPUT_SET
            .into_iter()
            .chain(Workload::BALANCE_SET)
        {
            assert!(runs_in_go(workload), "{workload}");
        }
        assert!(!runs_in_go(Workload::AsyncNoop));
        let json = |workload: &str| {
            serde_json::to_string(&Work::of(workload.parse().unwrap()).unwrap()).unwrap()
        };
        assert_eq!(json("spin-10us"), r#"{"kind":"spin","nanos":10000}"#);
        assert_eq!(json("sleep-100us"), r#"{"kind":"sleep","nanos":100000}"#);
        assert_eq!(
            json("skewed"),
            r#"{"kind":"uneven","light_nanos":1000,"heavy_nanos":50000,"heavy":"hashed-tenth"}"#
        );
        assert_eq!(
            json("skewed-rare"),
            r#"{"kind":"uneven","light_nanos":1000,"heavy_nanos":2000000,"heavy":"period","period":480}"#
        );
    }
}
