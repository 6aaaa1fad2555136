//! [`Gain`]: what batching buys on one workload: the adaptive engine's throughput at
//! workers = cores over the best per-item engine's and over `rayon-par-iter`'s.

use crate::data::Results;
use crate::data::adaptive::{ADAPTIVE, fastest, per_item, per_item_engines};
use crate::data::group::Group;
use crate::data::interval::Interval;
use crate::data::rows::RAYON_PAR_ITER;

/// The adaptive engine against the others on one throughput workload.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Gain {
    /// The workload.
    pub(crate) workload: String,
    /// Workers, the cores or the nearest count measured.
    pub(crate) workers: usize,
    /// The adaptive engine's items per second (criterion's mean).
    pub(crate) items_per_second: f64,
    /// The fastest per-item engine at the same workers, and adaptive's throughput over its.
    pub(crate) over_best: Option<(&'static str, Interval)>,
    /// Adaptive's throughput over `rayon-par-iter`'s at the same workers.
    pub(crate) over_rayon_par_iter: Option<Interval>,
}

/// One gain per throughput workload where the adaptive engine was measured; the
/// workloads where it was not, by name.
pub(crate) fn gains(results: &Results) -> (Vec<Gain>, Vec<String>) {
    let mut gains = Vec::new();
    let mut unmeasured = Vec::new();
    for workload in results.workloads() {
        let group = Group::Throughput(workload.clone());
        let Some(adaptive) = results.at_cores(&group, ADAPTIVE) else {
            unmeasured.push(workload);
            continue;
        };
        let mine = per_item(adaptive);
        // Only rows at the same worker count compare like with like.
        let theirs = |row: &str| {
            results
                .at_cores(&group, row)
                .filter(|timing| timing.workers == adaptive.workers)
                .map(per_item)
        };
        let best = fastest(per_item_engines().filter_map(|row| Some((row, theirs(row)?))));
        gains.push(Gain {
            workload,
            workers: adaptive.workers,
            items_per_second: 1e9 / mine.value,
            // Throughput over theirs is their time over mine.
            over_best: best.map(|(row, time)| (row, time.over(mine))),
            over_rayon_par_iter: theirs(RAYON_PAR_ITER).map(|time| time.over(mine)),
        });
    }
    (gains, unmeasured)
}
