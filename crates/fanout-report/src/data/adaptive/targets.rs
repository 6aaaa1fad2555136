//! [`TargetRow`]: each of the adaptive engine's targets with the figures that judge it,
//! one part per measured shape; a target with no part was not measured in this run.

use crate::data::Results;
use crate::data::adaptive::costs::{
    Cost, LATENCY_WORKLOAD, WARM_ENGINE, closed_loop_p99, warm_first_result,
};
use crate::data::adaptive::{ADAPTIVE, CROSSBEAM, fastest, per_item, per_item_engines};
use crate::data::batching::BatchingComparison;
use crate::data::endless::ENDLESS_WORKLOAD;
use crate::data::group::Group;
use crate::data::interval::Interval;
use crate::data::rows::{RAYON_PAR_ITER, SEQUENTIAL_ROW};
use crate::data::target::{Target, TargetVerdict};
use crate::format;

/// The workload whose worker sweep goes past the cores, where blocking work lets many
/// workers help.
const SLEEP_WORKLOAD: &str = "sleep-100us";

/// Memory after ten times the results counts as flat within this fraction of the first
/// peak, or within [`FLAT_BYTES`], whichever is more: a few MiB is the allocator's and
/// the runtime's own noise.
const FLAT_FRACTION: f64 = 0.10;

/// See [`FLAT_FRACTION`].
const FLAT_BYTES: f64 = 4.0 * 1_048_576.0;

/// How a figure of a target is written.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Scale {
    /// A ratio: `1.2x`.
    Times,
    /// A plain number: `0.93`.
    Plain,
}

impl Scale {
    /// `value` written on this scale.
    pub(crate) fn write(self, value: f64) -> String {
        match self {
            Scale::Times => format::times(value),
            Scale::Plain => format::significant(value),
        }
    }
}

/// One target and what this run measured of it.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct TargetRow {
    /// The target in words.
    pub(crate) claim: String,
    /// What each part's figure is, for the CSV: `throughput over`, `efficiency`, ...
    pub(crate) measure: &'static str,
    /// How the figures are written.
    pub(crate) scale: Scale,
    /// The threshold the figures are judged against.
    pub(crate) target: Target,
    /// The bench that measures it, for a target this run lacks.
    pub(crate) bench: &'static str,
    /// The figures: one per measured shape (one, or one per worker count).
    pub(crate) parts: Vec<TargetPart>,
    /// Shapes the target covers that this run lacks, in words; a target met where
    /// measured but lacking some is not settled.
    pub(crate) lacking: Vec<String>,
    /// More figures worth stating beside the verdict.
    pub(crate) note: Option<String>,
}

/// One measured figure of a target.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct TargetPart {
    /// The workload (or start-up group) measured.
    pub(crate) workload: String,
    /// Workers, where the figure is of one worker count.
    pub(crate) workers: Option<usize>,
    /// The row the adaptive engine is held against, if any.
    pub(crate) against: Option<String>,
    /// The figure and its interval.
    pub(crate) figure: Interval,
    /// The verdict on this part alone.
    pub(crate) verdict: TargetVerdict,
}

impl TargetRow {
    fn new(
        claim: String,
        measure: &'static str,
        scale: Scale,
        target: Target,
        bench: &'static str,
    ) -> TargetRow {
        TargetRow {
            claim,
            measure,
            scale,
            target,
            bench,
            parts: Vec::new(),
            lacking: Vec::new(),
            note: None,
        }
    }

    fn with_part(
        mut self,
        workload: &str,
        workers: Option<usize>,
        against: Option<&str>,
        figure: Interval,
    ) -> TargetRow {
        self.parts.push(TargetPart {
            workload: workload.to_owned(),
            workers,
            against: against.map(str::to_owned),
            verdict: self.target.judge(&figure),
            figure,
        });
        self
    }

    /// The verdict over every part; `None` when nothing was measured.
    pub(crate) fn verdict(&self) -> Option<TargetVerdict> {
        if self.parts.is_empty() {
            return None;
        }
        let verdict = TargetVerdict::all(self.parts.iter().map(|part| part.verdict));
        Some(
            if verdict == TargetVerdict::Met && !self.lacking.is_empty() {
                TargetVerdict::NotSettled
            } else {
                verdict
            },
        )
    }

    /// The part that decides the verdict: a missed one before one not settled before a
    /// met one, and among those the furthest on the wrong side of the threshold.
    pub(crate) fn worst(&self) -> Option<&TargetPart> {
        let badness = |part: &TargetPart| match part.verdict {
            TargetVerdict::Met => 0,
            TargetVerdict::NotSettled => 1,
            TargetVerdict::Missed => 2,
        };
        let wrongness = |part: &TargetPart| match self.target {
            Target::AtMost(_) => part.figure.value,
            Target::AtLeast(_) => -part.figure.value,
        };
        self.parts.iter().max_by(|a, b| {
            badness(a)
                .cmp(&badness(b))
                .then(wrongness(a).total_cmp(&wrongness(b)))
        })
    }
}

/// Every target, in the order the README lists them.
pub(crate) fn targets(results: &Results) -> Vec<TargetRow> {
    let mut targets = vec![
        noop_over_crossbeam(results),
        noop_over_rayon_par_iter(results),
    ];
    for (workload, threshold) in [("spin-1us", 0.9), ("spin-10us", 0.9), ("skewed", 0.85)] {
        targets.push(efficiency(results, workload, threshold));
    }
    targets.push(sleep_against_best(results));
    targets.push(cost_target(
        warm_first_result(results),
        "first result from a warm engine: at most 2x `crossbeam`'s time",
        "first result time over",
        &format!("startup/{WARM_ENGINE}"),
        "startup",
    ));
    targets.push(cost_target(
        closed_loop_p99(results),
        "closed-loop p99 latency on spin-10us: at most 2x `crossbeam`'s",
        "closed-loop p99 over",
        LATENCY_WORKLOAD,
        "latency",
    ));
    targets.push(endless_memory(results));
    targets
}

/// The `batching` bench's comparison of adaptive with `other` on `workload`.
fn paired<'a>(results: &'a Results, workload: &str, other: &str) -> Option<&'a BatchingComparison> {
    results.batching.iter().find(|comparison| {
        comparison.engine == ADAPTIVE
            && comparison.workload == workload
            && comparison.other == other
    })
}

fn noop_over_crossbeam(results: &Results) -> TargetRow {
    let row = TargetRow::new(
        String::from("noop: at least 10x `crossbeam`'s throughput"),
        "throughput over",
        Scale::Times,
        Target::AtLeast(10.0),
        "batching",
    );
    match paired(results, "noop", CROSSBEAM) {
        // Throughput over theirs is one over the time ratio, its ends swapped.
        Some(pair) => row.with_part(
            "noop",
            Some(pair.workers),
            Some(CROSSBEAM),
            pair.time_over.inverse(),
        ),
        None => row,
    }
}

fn noop_over_rayon_par_iter(results: &Results) -> TargetRow {
    let row = TargetRow::new(
        String::from("noop: within 2x of `rayon-par-iter`'s throughput (time per item at most 2x)"),
        "time per item over",
        Scale::Times,
        Target::AtMost(2.0),
        "batching",
    );
    match paired(results, "noop", RAYON_PAR_ITER) {
        Some(pair) => row.with_part(
            "noop",
            Some(pair.workers),
            Some(RAYON_PAR_ITER),
            pair.time_over,
        ),
        None => row,
    }
}

fn efficiency(results: &Results, workload: &str, threshold: f64) -> TargetRow {
    let row = TargetRow::new(
        format!(
            "{workload}: efficiency at least {}",
            format::significant(threshold)
        ),
        "efficiency",
        Scale::Plain,
        Target::AtLeast(threshold),
        "batching",
    );
    match paired(results, workload, SEQUENTIAL_ROW)
        .and_then(|pair| Some((pair.workers, pair.efficiency?)))
    {
        Some((workers, efficiency)) => {
            row.with_part(workload, Some(workers), Some(SEQUENTIAL_ROW), efficiency)
        }
        None => row,
    }
}

/// At every worker count of the sleep group, adaptive's mean time over the fastest
/// per-item engine's at that count.
fn sleep_against_best(results: &Results) -> TargetRow {
    let group = Group::Throughput(SLEEP_WORKLOAD.to_owned());
    let mut row = TargetRow::new(
        String::from(
            "sleep-100us at every worker count: at most 1.1x the time of the best per-item engine",
        ),
        "time per item over the best per-item engine",
        Scale::Times,
        Target::AtMost(1.1),
        "throughput",
    );
    let mut counts: Vec<usize> = results
        .in_group(&group)
        .map(|timing| timing.workers)
        .collect();
    counts.sort_unstable();
    counts.dedup();
    let at = |row: &str, workers: usize| {
        results
            .in_group(&group)
            .find(|timing| timing.row == row && timing.workers == workers)
            .map(per_item)
    };
    let mut missing = Vec::new();
    for workers in counts {
        let best =
            fastest(per_item_engines().filter_map(|engine| Some((engine, at(engine, workers)?))));
        match (at(ADAPTIVE, workers), best) {
            (Some(mine), Some((engine, theirs))) => {
                row = row.with_part(
                    SLEEP_WORKLOAD,
                    Some(workers),
                    Some(engine),
                    mine.over(theirs),
                );
            }
            _ => missing.push(workers.to_string()),
        }
    }
    // With nothing measured the target is simply not measured; with some counts
    // measured, the others keep a met verdict from being claimed.
    if !row.parts.is_empty() && !missing.is_empty() {
        row.lacking
            .push(format!("not measured at {} workers", missing.join(", ")));
    }
    row
}

fn cost_target(
    cost: Cost,
    claim: &str,
    measure: &'static str,
    workload: &str,
    bench: &'static str,
) -> TargetRow {
    let row = TargetRow::new(
        claim.to_owned(),
        measure,
        Scale::Times,
        Target::AtMost(2.0),
        bench,
    );
    match cost.against_crossbeam {
        Some(against) => row.with_part(workload, None, Some(against.engine), against.ratio),
        None => row,
    }
}

/// Adaptive's peak memory after the most results over its peak after the fewest: flat is
/// within [`FLAT_FRACTION`] or [`FLAT_BYTES`].
fn endless_memory(results: &Results) -> TargetRow {
    let mut row = TargetRow::new(
        String::from(
            "memory on an endless input: peak after 10x the results flat (within 10% or 4 MiB)",
        ),
        "peak memory over the first count's",
        Scale::Times,
        Target::AtMost(1.0 + FLAT_FRACTION),
        "measures",
    );
    let peaks: Vec<_> = results
        .endless_peaks
        .iter()
        .filter(|peak| peak.engine == ADAPTIVE)
        .collect();
    let (Some(fewest), Some(most)) = (peaks.first(), peaks.last()) else {
        return row;
    };
    if fewest.results == most.results || fewest.peak_rss <= 0.0 {
        return row;
    }
    let allowed = (fewest.peak_rss * (1.0 + FLAT_FRACTION)).max(fewest.peak_rss + FLAT_BYTES);
    row.target = Target::AtMost(allowed / fewest.peak_rss);
    let bound = most.in_flight_bound.map_or_else(String::new, |bound| {
        format!("; in-flight bound {bound:.0} items")
    });
    row.note = Some(format!(
        "{} after {} results, {} after {}{bound}",
        format::bytes(fewest.peak_rss),
        format::si(fewest.results as f64),
        format::bytes(most.peak_rss),
        format::si(most.results as f64)
    ));
    row.with_part(
        ENDLESS_WORKLOAD,
        Some(most.workers),
        None,
        Interval::point(most.peak_rss / fewest.peak_rss),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_part_that_decides_is_the_missed_one_and_gaps_downgrade_a_met_target() {
        let row = TargetRow::new(
            String::from("at most 1.1x"),
            "time over",
            Scale::Times,
            Target::AtMost(1.1),
            "throughput",
        );
        let wide = Interval {
            value: 1.2,
            low: 1.0,
            high: 1.4,
        };
        let narrow = Interval {
            value: 1.15,
            low: 1.12,
            high: 1.18,
        };
        let row = row.with_part("sleep-100us", Some(1), None, wide).with_part(
            "sleep-100us",
            Some(2),
            None,
            narrow,
        );
        assert_eq!(row.verdict(), Some(TargetVerdict::Missed));
        assert_eq!(row.worst().and_then(|part| part.workers), Some(2));

        let mut met = TargetRow::new(
            String::from("at most 1.1x"),
            "time over",
            Scale::Times,
            Target::AtMost(1.1),
            "throughput",
        )
        .with_part("sleep-100us", Some(1), None, Interval::point(1.0));
        assert_eq!(met.verdict(), Some(TargetVerdict::Met));
        met.lacking.push(String::from("not measured at 64 workers"));
        assert_eq!(met.verdict(), Some(TargetVerdict::NotSettled));
    }
}
