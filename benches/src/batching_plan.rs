//! What the `batching` bench holds `adaptive` against, and how it names each comparison
//! ([`Label`]): one plan, so that the bench that times the comparisons and the verdicts
//! that read them back ([`crate::batching_verdicts`]) cannot disagree.

use std::fmt;

use fanout_harness::rows::{Row, RowKind};

/// The engine measured.
pub const ADAPTIVE: &str = "adaptive";

/// The per-item engine the latency, first-result and slow-consumer figures are held
/// against.
pub const PER_ITEM: &str = "crossbeam";

/// The capacities every other engine is tried at, beside its default.
pub const CAPACITIES: [usize; 3] = [16, 64, 256];

/// The workloads adaptive is held against every engine's capacities on; a quick pass
/// takes the first two.
pub const WORK: [&str; 6] = [
    "noop",
    "spin-10us",
    "seed",
    "spin-1us",
    "skewed",
    "skewed-rare",
];

/// The workload whose worker sweep goes past the cores: blocking work, where more workers
/// than cores still help.
pub const SLEEP: &str = "sleep-100us";

/// The worker counts of the sleep sweep.
pub const SLEEP_WORKERS: [usize; 7] = [1, 2, 4, 8, 16, 32, 64];

/// The engines adaptive is held against on the sleep sweep.
pub const SLEEP_ENGINES: [&str; 3] = ["crossbeam", "tokio", "rayon"];

/// The workload of the latency, first-result and slow-consumer figures.
pub const PER_ITEM_WORKLOAD: &str = "spin-10us";

/// The blocking engines other than adaptive, in the registry's order: every one is tried
/// at every capacity.
pub fn other_engines() -> Vec<Row> {
    crate::rows()
        .filter(|other| other.kind == RowKind::Engine && other.name != ADAPTIVE)
        .collect()
}

/// What a pair times.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Figure {
    /// Time per item.
    Throughput,
    /// The closed-loop p99 latency.
    ClosedLoopP99,
    /// Time to the first result from a warm engine.
    WarmFirstResult,
    /// Time per item with a consumer that spends 5 µs on each result.
    SlowConsumer,
}

impl Figure {
    const ALL: [Figure; 4] = [
        Figure::Throughput,
        Figure::ClosedLoopP99,
        Figure::WarmFirstResult,
        Figure::SlowConsumer,
    ];

    /// Its name after the `@` of a label; none for throughput.
    pub fn suffix(self) -> &'static str {
        match self {
            Figure::Throughput => "",
            Figure::ClosedLoopP99 => "p99",
            Figure::WarmFirstResult => "first-result",
            Figure::SlowConsumer => "consumer-5us",
        }
    }
}

/// The name of one comparison's other side in the records (`time_over:<label>`): the row,
/// then its capacity, the figure and the workers where they are not the defaults:
/// `crossbeam@64`, `crossbeam@p99`, `rayon@16-workers`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Label {
    /// The row adaptive is held against.
    pub row: String,
    /// Its capacity; `None` for its default.
    pub capacity: Option<usize>,
    /// What was timed.
    pub figure: Figure,
    /// The workers of both; `None` for the machine's cores.
    pub workers: Option<usize>,
}

impl Label {
    /// The label of a comparison at `workers` on a machine of `cores`.
    pub fn new(
        row: &str,
        capacity: Option<usize>,
        figure: Figure,
        workers: usize,
        cores: usize,
    ) -> Label {
        Label {
            row: row.to_owned(),
            capacity,
            figure,
            workers: (workers != cores).then_some(workers),
        }
    }

    /// The label `text` names, as [`Label`]'s `Display` writes it; `None` for a part after
    /// the row that is no capacity, figure or worker count.
    pub fn parse(text: &str) -> Option<Label> {
        let mut parts = text.split('@');
        let mut label = Label {
            row: parts.next().filter(|row| !row.is_empty())?.to_owned(),
            capacity: None,
            figure: Figure::Throughput,
            workers: None,
        };
        for part in parts {
            if let Some(workers) = part.strip_suffix("-workers") {
                label.workers = Some(workers.parse().ok()?);
            } else if let Ok(capacity) = part.parse() {
                label.capacity = Some(capacity);
            } else {
                label.figure = *Figure::ALL
                    .iter()
                    .find(|figure| !figure.suffix().is_empty() && figure.suffix() == part)?;
            }
        }
        Some(label)
    }
}

impl fmt::Display for Label {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.row)?;
        if let Some(capacity) = self.capacity {
            write!(f, "@{capacity}")?;
        }
        if !self.figure.suffix().is_empty() {
            write!(f, "@{}", self.figure.suffix())?;
        }
        if let Some(workers) = self.workers {
            write!(f, "@{workers}-workers")?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_name_only_what_is_not_the_default_and_read_back() {
        let cases = [
            (
                Label::new("crossbeam", None, Figure::Throughput, 2, 2),
                "crossbeam",
            ),
            (
                Label::new("crossbeam", Some(256), Figure::Throughput, 2, 2),
                "crossbeam@256",
            ),
            (
                Label::new("crossbeam", None, Figure::ClosedLoopP99, 2, 2),
                "crossbeam@p99",
            ),
            (
                Label::new("sequential", None, Figure::Throughput, 1, 2),
                "sequential@1-workers",
            ),
            (
                Label::new("tokio", None, Figure::SlowConsumer, 64, 2),
                "tokio@consumer-5us@64-workers",
            ),
        ];
        for (label, text) in cases {
            assert_eq!(label.to_string(), text);
            assert_eq!(Label::parse(text), Some(label));
        }
        assert_eq!(Label::parse("crossbeam@fastest"), None);
        assert_eq!(Label::parse("@64"), None);
        assert_eq!(Label::parse("rayon@x-workers"), None);
    }

    #[test]
    fn the_other_engines_are_blocking_and_not_adaptive() {
        let others = other_engines();
        assert!(others.iter().any(|row| row.name == PER_ITEM));
        assert!(
            others
                .iter()
                .all(|row| row.name != ADAPTIVE && !row.is_async())
        );
        for engine in SLEEP_ENGINES {
            assert!(others.iter().any(|row| row.name == engine), "{engine}");
        }
    }
}
