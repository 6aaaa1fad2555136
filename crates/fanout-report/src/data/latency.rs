//! [`LatencyRow`]: one row's records from `latency.jsonl` gathered: its saturation
//! throughput and the percentiles of each loop, closed and open.

use std::collections::BTreeMap;

use fanout_harness::Record;
use fanout_harness::measure::Percentiles;

/// How items arrived in a latency run.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum Pacing {
    /// As fast as the engine pulls them.
    Closed,
    /// At this percentage of the row's measured throughput.
    Open(u32),
}

impl Pacing {
    /// The pacing a metric prefix names: `closed_loop` or `open_loop_<percent>`.
    fn parse(prefix: &str) -> Option<Pacing> {
        if prefix == "closed_loop" {
            return Some(Pacing::Closed);
        }
        prefix
            .strip_prefix("open_loop_")?
            .parse()
            .ok()
            .map(Pacing::Open)
    }

    /// Words for tables and legends.
    pub(crate) fn label(self) -> String {
        match self {
            Pacing::Closed => String::from("closed loop"),
            Pacing::Open(percent) => format!("open loop at {percent}%"),
        }
    }

    /// The name used in CSV files.
    pub(crate) fn key(self) -> String {
        match self {
            Pacing::Closed => String::from("closed_loop"),
            Pacing::Open(percent) => format!("open_loop_{percent}"),
        }
    }
}

/// One loop's latency distribution.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Loop {
    /// How items arrived.
    pub(crate) pacing: Pacing,
    /// For an open loop, the arrivals offered per second.
    pub(crate) offered: Option<f64>,
    /// For an open loop, the arrivals offered as a fraction of the row's own throughput.
    pub(crate) load: Option<f64>,
    /// The percentiles, in nanoseconds.
    pub(crate) percentiles: Percentiles,
}

/// One row's latency figures.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct LatencyRow {
    /// The row.
    pub(crate) row: String,
    /// The workload measured.
    pub(crate) workload: String,
    /// Workers.
    pub(crate) workers: usize,
    /// Queue capacity.
    pub(crate) capacity: usize,
    /// Items per run.
    pub(crate) items: usize,
    /// The throughput measured just before, which the open loops are paced against.
    pub(crate) saturation: Option<f64>,
    /// The loops with every percentile present, closed first.
    pub(crate) loops: Vec<Loop>,
}

impl LatencyRow {
    /// The loop with this pacing.
    pub(crate) fn pacing(&self, pacing: Pacing) -> Option<&Loop> {
        self.loops.iter().find(|run| run.pacing == pacing)
    }

    /// The most loaded open loop the row can sustain: offered below its own throughput.
    /// Past saturation the queue grows for as long as the run lasts, so the latency there
    /// says how long the run was, not how the row compares; only when every loop is past
    /// it is the least loaded of those taken.
    pub(crate) fn busiest_open_loop(&self) -> Option<&Loop> {
        let open = || {
            self.loops
                .iter()
                .filter(|run| matches!(run.pacing, Pacing::Open(_)))
        };
        let sustained = |run: &&Loop| run.load.is_some_and(|load| load < 1.0);
        open()
            .filter(sustained)
            .max_by_key(|run| run.pacing)
            .or_else(|| open().min_by_key(|run| run.pacing))
    }
}

/// The figures one loop gathers before they are complete.
#[derive(Default)]
struct Partial {
    offered: Option<f64>,
    load: Option<f64>,
    figures: BTreeMap<String, f64>,
}

impl Partial {
    fn finish(self, pacing: Pacing) -> Option<Loop> {
        // The records hold the harness's whole-nanosecond percentiles as floats.
        let figure = |name: &str| self.figures.get(name).map(|&value| value as u64);
        // Records from before the load had its own metric name it only as a percentage.
        let named_load = match pacing {
            Pacing::Closed => None,
            Pacing::Open(percent) => Some(f64::from(percent) / 100.0),
        };
        Some(Loop {
            pacing,
            offered: self.offered,
            load: self.load.or(named_load),
            percentiles: Percentiles {
                p50: figure("p50")?,
                p90: figure("p90")?,
                p99: figure("p99")?,
                p999: figure("p999")?,
                max: figure("max")?,
            },
        })
    }
}

/// Gathers `records` by row, workload and shape; metrics it does not know are skipped.
pub(crate) fn gather(records: &[Record]) -> Vec<LatencyRow> {
    let mut rows: Vec<(LatencyRow, BTreeMap<Pacing, Partial>)> = Vec::new();
    for record in records {
        let index = match rows.iter().position(|(row, _)| same_subject(row, record)) {
            Some(index) => index,
            None => {
                rows.push((subject(record), BTreeMap::new()));
                rows.len() - 1
            }
        };
        let (row, partials) = &mut rows[index];
        let metric = record.metric.as_str();
        if metric == "throughput_before_latency" {
            row.saturation = Some(record.value);
        } else if let Some(pacing) = metric.strip_suffix("_offered").and_then(Pacing::parse) {
            partials.entry(pacing).or_default().offered = Some(record.value);
        } else if let Some(pacing) = metric.strip_suffix("_load").and_then(Pacing::parse) {
            partials.entry(pacing).or_default().load = Some(record.value);
        } else if let Some((prefix, figure)) = metric.split_once("_latency_")
            && let Some(pacing) = Pacing::parse(prefix)
        {
            partials
                .entry(pacing)
                .or_default()
                .figures
                .insert(figure.to_owned(), record.value);
        }
    }
    rows.into_iter()
        .map(|(mut row, partials)| {
            row.loops = partials
                .into_iter()
                .filter_map(|(pacing, partial)| partial.finish(pacing))
                .collect();
            row
        })
        .collect()
}

fn subject(record: &Record) -> LatencyRow {
    LatencyRow {
        row: record.engine.clone(),
        workload: record.workload.clone(),
        workers: record.workers,
        capacity: record.capacity,
        items: record.items,
        saturation: None,
        loops: Vec::new(),
    }
}

fn same_subject(row: &LatencyRow, record: &Record) -> bool {
    row.row == record.engine
        && row.workload == record.workload
        && row.workers == record.workers
        && row.capacity == record.capacity
        && row.items == record.items
}

#[cfg(test)]
mod tests {
    use fanout_harness::Subject;

    use super::*;

    #[test]
    fn metrics_gather_into_loops() {
        let subject = Subject {
            engine: "flume".into(),
            workload: "spin-10us".into(),
            workers: 2,
            capacity: 4,
            payload: 8,
            items: 100,
        };
        let mut records = vec![
            subject.record("throughput_before_latency", 1000.0, "items/s"),
            subject.record("open_loop_50_offered", 500.0, "items/s"),
            subject.record("open_loop_110_offered", 1100.0, "items/s"),
            subject.record("open_loop_110_load", 1.1, "x throughput"),
        ];
        for prefix in ["closed_loop", "open_loop_50", "open_loop_110"] {
            for (figure, value) in [("p50", 1.0), ("p90", 2.0), ("p99", 3.0), ("p999", 4.0)] {
                records.push(subject.record(&format!("{prefix}_latency_{figure}"), value, "ns"));
            }
        }
        records.push(subject.record("closed_loop_latency_max", 5.0, "ns"));
        records.push(subject.record("open_loop_110_latency_max", 6.0, "ns"));
        let rows = gather(&records);
        assert_eq!(rows.len(), 1);
        assert_eq!(rows[0].saturation, Some(1000.0));
        // The loop at 50% lacks its max, so only the closed loop and the one at 110% are
        // complete.
        assert_eq!(rows[0].loops.len(), 2);
        assert_eq!(rows[0].pacing(Pacing::Open(110)).unwrap().load, Some(1.1));
        // The one open loop is past saturation, so it is the busiest there is.
        assert_eq!(
            rows[0].busiest_open_loop().map(|run| run.pacing),
            Some(Pacing::Open(110))
        );
        assert_eq!(rows[0].pacing(Pacing::Closed).unwrap().percentiles.p999, 4);
        assert_eq!(Pacing::parse("open_loop_90"), Some(Pacing::Open(90)));
    }
}
