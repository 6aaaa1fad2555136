//! [`DistributedPoint`]: the distributed bench's records gathered, one per workload and
//! worker-process count, and where distribution pays: the break-even work per item.

use fanout_harness::{Record, Workload};
use serde::Serialize;

/// fanout-nats against in-process crossbeam at one workload and process count. It is also
/// a line of `distributed.csv`, its fields the columns in their order.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub(crate) struct DistributedPoint {
    /// The workload.
    pub(crate) workload: String,
    /// Its nominal work per item, in nanoseconds (0 for noop).
    pub(crate) work_nanos: f64,
    /// Worker processes of one worker each for NATS; as many workers for crossbeam.
    pub(crate) processes: usize,
    /// Items per run.
    pub(crate) items: usize,
    /// fanout-nats' items per second (the median of the timed runs).
    pub(crate) nats_items_per_second: Option<f64>,
    /// In-process crossbeam's, with as many workers.
    pub(crate) crossbeam_items_per_second: Option<f64>,
    /// `sequential`'s.
    pub(crate) sequential_items_per_second: Option<f64>,
    /// NATS throughput over crossbeam's: 1.0 means distribution costs nothing.
    pub(crate) nats_over_crossbeam: Option<f64>,
    /// NATS wall time per item above crossbeam's, in nanoseconds.
    pub(crate) nats_cost_over_crossbeam_nanos: Option<f64>,
    /// NATS speed-up over `sequential` against the workload's ideal.
    pub(crate) nats_efficiency: Option<f64>,
}

/// Gathers the records, ordered by nominal work per item, then processes; metrics and
/// engines it does not know are skipped.
pub(crate) fn gather(records: &[Record]) -> Vec<DistributedPoint> {
    let mut points: Vec<DistributedPoint> = Vec::new();
    for record in records {
        let index = points
            .iter()
            .position(|point| {
                point.workload == record.workload && point.processes == record.workers
            })
            .unwrap_or_else(|| {
                points.push(DistributedPoint {
                    workload: record.workload.clone(),
                    work_nanos: nominal_work_nanos(&record.workload),
                    processes: record.workers,
                    items: record.items,
                    nats_items_per_second: None,
                    crossbeam_items_per_second: None,
                    sequential_items_per_second: None,
                    nats_over_crossbeam: None,
                    nats_cost_over_crossbeam_nanos: None,
                    nats_efficiency: None,
                });
                points.len() - 1
            });
        let point = &mut points[index];
        let value = Some(record.value);
        match (record.engine.as_str(), record.metric.as_str()) {
            ("nats", "items_per_second") => point.nats_items_per_second = value,
            ("crossbeam", "items_per_second") => point.crossbeam_items_per_second = value,
            ("sequential", "items_per_second") => point.sequential_items_per_second = value,
            ("nats", "cost_over_crossbeam") => point.nats_cost_over_crossbeam_nanos = value,
            ("nats", "efficiency") => point.nats_efficiency = value,
            _ => {}
        }
    }
    for point in &mut points {
        point.nats_over_crossbeam = match (
            point.nats_items_per_second,
            point.crossbeam_items_per_second,
        ) {
            (Some(nats), Some(crossbeam)) if crossbeam > 0.0 => Some(nats / crossbeam),
            _ => None,
        };
    }
    points.sort_by(|a, b| {
        (a.work_nanos, a.processes, &a.workload)
            .partial_cmp(&(b.work_nanos, b.processes, &b.workload))
            .unwrap_or(std::cmp::Ordering::Equal)
    });
    points
}

/// The nominal work of the workload named `name`, in nanoseconds; 0 for a name the
/// harness does not know.
fn nominal_work_nanos(name: &str) -> f64 {
    name.parse::<Workload>()
        .map_or(0.0, |workload| workload.nominal_cost().as_secs_f64() * 1e9)
}

/// The process counts measured, fewest first.
pub(crate) fn process_counts(points: &[DistributedPoint]) -> Vec<usize> {
    let mut counts: Vec<usize> = points.iter().map(|point| point.processes).collect();
    counts.sort_unstable();
    counts.dedup();
    counts
}

/// The workloads measured, least work first.
pub(crate) fn workloads(points: &[DistributedPoint]) -> Vec<&str> {
    let mut names: Vec<&str> = Vec::new();
    for point in points {
        if !names.contains(&point.workload.as_str()) {
            names.push(&point.workload);
        }
    }
    names
}

/// Where NATS first reaches a share of in-process throughput, going up in work per item.
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum BreakEven {
    /// Already on the lightest workload measured (its work, in nanoseconds).
    AtOrBelow(f64),
    /// Between two measured workloads, at this work (nanoseconds) by linear
    /// interpolation of the throughput ratio in work.
    Between {
        /// The interpolated work per item, in nanoseconds.
        work_nanos: f64,
        /// The workload below it, which falls short.
        below: String,
        /// The workload above it, which reaches the share.
        above: String,
    },
    /// Not on any workload measured, up to this work (nanoseconds).
    NotReached(f64),
}

/// Where NATS at `processes` first reaches `share` of crossbeam's throughput: the first
/// measured workload that does, or the work between it and the one before found by
/// interpolating the ratio linearly; `None` without two figures to compare.
pub(crate) fn break_even(
    points: &[DistributedPoint],
    processes: usize,
    share: f64,
) -> Option<BreakEven> {
    let ratios: Vec<(&DistributedPoint, f64)> = points
        .iter()
        .filter(|point| point.processes == processes)
        .filter_map(|point| Some((point, point.nats_over_crossbeam?)))
        .collect();
    let (first, first_ratio) = *ratios.first()?;
    if first_ratio >= share {
        return Some(BreakEven::AtOrBelow(first.work_nanos));
    }
    for pair in ratios.windows(2) {
        let [(below, low), (above, high)] = [pair[0], pair[1]];
        if low < share && high >= share {
            let along = (share - low) / (high - low);
            return Some(BreakEven::Between {
                work_nanos: below.work_nanos + along * (above.work_nanos - below.work_nanos),
                below: below.workload.clone(),
                above: above.workload.clone(),
            });
        }
    }
    ratios
        .last()
        .map(|(point, _)| BreakEven::NotReached(point.work_nanos))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rate(engine: &str, workload: &str, processes: usize, value: f64) -> Record {
        let subject = fanout_harness::Subject {
            engine: engine.to_owned(),
            workload: workload.to_owned(),
            workers: processes,
            capacity: processes * 2,
            payload: 8,
            items: 200,
        };
        subject.record("items_per_second", value, "items/s")
    }

    #[test]
    fn the_break_even_is_interpolated_between_the_workloads_around_it() {
        let records = [
            rate("nats", "noop", 2, 10_000.0),
            rate("crossbeam", "noop", 2, 1_000_000.0),
            rate("nats", "spin-100us", 2, 12_000.0),
            rate("crossbeam", "spin-100us", 2, 20_000.0),
            rate("nats", "spin-1ms", 2, 1_900.0),
            rate("crossbeam", "spin-1ms", 2, 2_000.0),
        ];
        let points = gather(&records);
        assert_eq!(workloads(&points), ["noop", "spin-100us", "spin-1ms"]);
        assert_eq!(points[1].nats_over_crossbeam, Some(0.6));
        // 0.6 at 100 us, 0.95 at 1 ms: 0.8 lies 4/7 of the way, at about 614 us.
        let Some(BreakEven::Between {
            work_nanos,
            below,
            above,
        }) = break_even(&points, 2, 0.8)
        else {
            panic!("no break-even between two workloads");
        };
        assert!((work_nanos - 614_285.7).abs() < 1.0, "{work_nanos}");
        assert_eq!((below.as_str(), above.as_str()), ("spin-100us", "spin-1ms"));
        assert_eq!(
            break_even(&points, 2, 0.99),
            Some(BreakEven::NotReached(1e6))
        );
        assert_eq!(
            break_even(&points, 2, 0.001),
            Some(BreakEven::AtOrBelow(0.0))
        );
        assert_eq!(break_even(&points, 4, 0.8), None);
    }
}
