//! [`DistributedPoint`]: the distributed bench's records gathered, one per workload and
//! worker-process count, and where distribution pays: the break-even work per item.

use fanout_harness::measure::Interval;
use fanout_harness::{Record, Workload};
use serde::Serialize;

/// fanout-nats against in-process crossbeam at one workload and process count. It is also
/// a line of `distributed.csv`, its fields the columns in their order. Each figure comes
/// from the median run, its `_low` and `_high` from the quartiles of the runs (older
/// records have none; the figure then stands alone).
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub(crate) struct DistributedPoint {
    /// The workload.
    pub(crate) workload: String,
    /// Its nominal work per item, in nanoseconds (0 for noop).
    pub(crate) work_nanos: f64,
    /// Worker processes of one worker each for NATS; as many workers for crossbeam.
    pub(crate) processes: usize,
    /// Items per run.
    pub(crate) items: usize,
    /// fanout-nats' items per second.
    pub(crate) nats_items_per_second: Option<f64>,
    pub(crate) nats_items_per_second_low: Option<f64>,
    pub(crate) nats_items_per_second_high: Option<f64>,
    /// In-process crossbeam's, with as many workers.
    pub(crate) crossbeam_items_per_second: Option<f64>,
    pub(crate) crossbeam_items_per_second_low: Option<f64>,
    pub(crate) crossbeam_items_per_second_high: Option<f64>,
    /// `sequential`'s.
    pub(crate) sequential_items_per_second: Option<f64>,
    pub(crate) sequential_items_per_second_low: Option<f64>,
    pub(crate) sequential_items_per_second_high: Option<f64>,
    /// NATS throughput over crossbeam's: 1.0 means distribution costs nothing. Its ends
    /// pair each figure's end with the other's opposite one.
    pub(crate) nats_over_crossbeam: Option<f64>,
    pub(crate) nats_over_crossbeam_low: Option<f64>,
    pub(crate) nats_over_crossbeam_high: Option<f64>,
    /// NATS wall time per item above crossbeam's median, in nanoseconds.
    pub(crate) nats_cost_over_crossbeam_nanos: Option<f64>,
    pub(crate) nats_cost_over_crossbeam_nanos_low: Option<f64>,
    pub(crate) nats_cost_over_crossbeam_nanos_high: Option<f64>,
    /// NATS speed-up over `sequential`'s median against the workload's ideal.
    pub(crate) nats_efficiency: Option<f64>,
    pub(crate) nats_efficiency_low: Option<f64>,
    pub(crate) nats_efficiency_high: Option<f64>,
}

/// A figure and its ends as the bench wrote them, or the figure alone without ends.
fn interval(value: Option<f64>, low: Option<f64>, high: Option<f64>) -> Option<Interval> {
    let value = value?;
    Some(Interval {
        value,
        low: low.unwrap_or(value),
        high: high.unwrap_or(value),
    })
}

impl DistributedPoint {
    /// NATS's items per second with its spread.
    pub(crate) fn nats_rate(&self) -> Option<Interval> {
        interval(
            self.nats_items_per_second,
            self.nats_items_per_second_low,
            self.nats_items_per_second_high,
        )
    }

    /// crossbeam's items per second with its spread.
    pub(crate) fn crossbeam_rate(&self) -> Option<Interval> {
        interval(
            self.crossbeam_items_per_second,
            self.crossbeam_items_per_second_low,
            self.crossbeam_items_per_second_high,
        )
    }

    /// `sequential`'s items per second with its spread.
    pub(crate) fn sequential_rate(&self) -> Option<Interval> {
        interval(
            self.sequential_items_per_second,
            self.sequential_items_per_second_low,
            self.sequential_items_per_second_high,
        )
    }

    /// NATS throughput over crossbeam's with its spread.
    pub(crate) fn share(&self) -> Option<Interval> {
        interval(
            self.nats_over_crossbeam,
            self.nats_over_crossbeam_low,
            self.nats_over_crossbeam_high,
        )
    }

    /// NATS's time per item above crossbeam's with its spread.
    pub(crate) fn cost(&self) -> Option<Interval> {
        interval(
            self.nats_cost_over_crossbeam_nanos,
            self.nats_cost_over_crossbeam_nanos_low,
            self.nats_cost_over_crossbeam_nanos_high,
        )
    }

    /// NATS's efficiency with its spread.
    pub(crate) fn efficiency(&self) -> Option<Interval> {
        interval(
            self.nats_efficiency,
            self.nats_efficiency_low,
            self.nats_efficiency_high,
        )
    }

    /// The figure, low end and high end an engine's metric is kept in; `None` for one
    /// this report does not use.
    fn slots(&mut self, engine: &str, metric: &str) -> Option<[&mut Option<f64>; 3]> {
        Some(match (engine, metric) {
            ("nats", "items_per_second") => [
                &mut self.nats_items_per_second,
                &mut self.nats_items_per_second_low,
                &mut self.nats_items_per_second_high,
            ],
            ("crossbeam", "items_per_second") => [
                &mut self.crossbeam_items_per_second,
                &mut self.crossbeam_items_per_second_low,
                &mut self.crossbeam_items_per_second_high,
            ],
            ("sequential", "items_per_second") => [
                &mut self.sequential_items_per_second,
                &mut self.sequential_items_per_second_low,
                &mut self.sequential_items_per_second_high,
            ],
            ("nats", "cost_over_crossbeam") => [
                &mut self.nats_cost_over_crossbeam_nanos,
                &mut self.nats_cost_over_crossbeam_nanos_low,
                &mut self.nats_cost_over_crossbeam_nanos_high,
            ],
            ("nats", "efficiency") => [
                &mut self.nats_efficiency,
                &mut self.nats_efficiency_low,
                &mut self.nats_efficiency_high,
            ],
            _ => return None,
        })
    }
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
                    ..DistributedPoint::default()
                });
                points.len() - 1
            });
        let (metric, end) = match record.metric.as_str() {
            metric if metric.ends_with("_low") => (metric.trim_end_matches("_low"), 1),
            metric if metric.ends_with("_high") => (metric.trim_end_matches("_high"), 2),
            metric => (metric, 0),
        };
        if let Some(slots) = points[index].slots(&record.engine, metric) {
            *slots[end] = Some(record.value);
        }
    }
    for point in &mut points {
        if let (Some(nats), Some(crossbeam)) = (point.nats_rate(), point.crossbeam_rate())
            && crossbeam.low > 0.0
        {
            let share = nats.over(crossbeam);
            point.nats_over_crossbeam = Some(share.value);
            point.nats_over_crossbeam_low = Some(share.low);
            point.nats_over_crossbeam_high = Some(share.high);
        }
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

/// Work per item as the chart draws it and the break-even reads it: on a log scale, with
/// `noop`'s none a decade below the lightest work measured.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) struct WorkAxis {
    /// Where no work is placed, in nanoseconds.
    pub(crate) floor_nanos: f64,
}

impl WorkAxis {
    pub(crate) fn of(points: &[DistributedPoint]) -> WorkAxis {
        let lightest = points
            .iter()
            .map(|point| point.work_nanos)
            .filter(|&work| work > 0.0)
            .fold(f64::INFINITY, f64::min);
        WorkAxis {
            floor_nanos: if lightest.is_finite() {
                lightest / 10.0
            } else {
                1_000.0
            },
        }
    }

    /// Where `work_nanos` sits on the axis.
    pub(crate) fn place(self, work_nanos: f64) -> f64 {
        work_nanos.max(self.floor_nanos)
    }

    /// The axis's span over `points`, with room on either side.
    pub(crate) fn range(self, points: &[DistributedPoint]) -> std::ops::Range<f64> {
        let most = points
            .iter()
            .map(|point| self.place(point.work_nanos))
            .fold(self.floor_nanos, f64::max);
        self.floor_nanos / 2.0..most * 2.0
    }
}

/// Where NATS first reaches a share of in-process throughput, going up in work per item.
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum BreakEven {
    /// Already on the lightest workload measured (its work, in nanoseconds).
    AtOrBelow(f64),
    /// Between two measured workloads, at this work (nanoseconds), where the line
    /// between them crosses the share on the chart's log axes ([`WorkAxis`]).
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
    /// Not settled: on this workload, the first not to fall short beyond its spread, the
    /// share's interval straddles the target.
    NotSettled {
        /// The workload.
        workload: String,
        /// NATS's throughput over crossbeam's there, with its spread.
        share: Interval,
    },
}

/// Where NATS at `processes` first reaches `share` of crossbeam's throughput: the first
/// measured workload whose whole spread does, or the work between it and the one before
/// where the chart's line crosses the share (log work against log ratio); not settled
/// where the first workload not short of it beyond its spread straddles it; `None`
/// without two figures to compare.
pub(crate) fn break_even(
    points: &[DistributedPoint],
    processes: usize,
    share: f64,
) -> Option<BreakEven> {
    let axis = WorkAxis::of(points);
    let ratios: Vec<(&DistributedPoint, Interval)> = points
        .iter()
        .filter(|point| point.processes == processes)
        .filter_map(|point| Some((point, point.share()?)))
        .filter(|(_, ratio)| ratio.value > 0.0)
        .collect();
    for (index, &(point, ratio)) in ratios.iter().enumerate() {
        if ratio.high < share {
            continue;
        }
        if ratio.low < share {
            return Some(BreakEven::NotSettled {
                workload: point.workload.clone(),
                share: ratio,
            });
        }
        let Some(&(below, low)) = index.checked_sub(1).and_then(|before| ratios.get(before)) else {
            return Some(BreakEven::AtOrBelow(point.work_nanos));
        };
        let along = (share.ln() - low.value.ln()) / (ratio.value.ln() - low.value.ln());
        let (from, to) = (
            axis.place(below.work_nanos).ln(),
            axis.place(point.work_nanos).ln(),
        );
        return Some(BreakEven::Between {
            work_nanos: (from + along * (to - from)).exp(),
            below: below.workload.clone(),
            above: point.workload.clone(),
        });
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
        let order: Vec<&str> = points.iter().map(|point| point.workload.as_str()).collect();
        assert_eq!(order, ["noop", "spin-100us", "spin-1ms"]);
        assert_eq!(points[1].nats_over_crossbeam, Some(0.6));
        // 0.6 at 100 us, 0.95 at 1 ms: on log axes 0.8 lies 0.626 of the way, at about
        // 423 us.
        let Some(BreakEven::Between {
            work_nanos,
            below,
            above,
        }) = break_even(&points, 2, 0.8)
        else {
            panic!("no break-even between two workloads");
        };
        let along = (0.8f64.ln() - 0.6f64.ln()) / (0.95f64.ln() - 0.6f64.ln());
        let expected = 10f64.powf(5.0 + along);
        assert!(
            (work_nanos - expected).abs() < 1.0,
            "{work_nanos} against {expected}"
        );
        assert!((422_000.0..424_000.0).contains(&work_nanos), "{work_nanos}");
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
