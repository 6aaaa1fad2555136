//! [`Cost`]: what batching costs where one result is awaited: the adaptive engine's time
//! to a first result from a warm engine and its closed-loop p99 latency on spin-10us,
//! against `crossbeam`'s and the best per-item engine's.

use crate::data::Results;
use crate::data::adaptive::{ADAPTIVE, CROSSBEAM, fastest, per_item_engines};
use crate::data::group::Group;
use crate::data::interval::Interval;
use crate::data::latency::Pacing;
use crate::data::timing::Timing;

/// The start-up group timed from a warm engine.
pub(crate) const WARM_ENGINE: &str = "warm-engine";

/// The workload the latency bench runs.
pub(crate) const LATENCY_WORKLOAD: &str = "spin-10us";

/// One cost: the adaptive engine's time and its ratio to others', smaller is better.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) struct Cost {
    /// What is timed, in words.
    pub(crate) what: &'static str,
    /// The adaptive engine's time, in nanoseconds, if it was measured.
    pub(crate) adaptive: Option<Interval>,
    /// `crossbeam`'s time, and adaptive's over it.
    pub(crate) against_crossbeam: Option<Against>,
    /// The fastest per-item engine's time, and adaptive's over it.
    pub(crate) against_best: Option<Against>,
}

/// Another engine's time and the adaptive engine's over it.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) struct Against {
    /// The engine.
    pub(crate) engine: &'static str,
    /// Its time, in nanoseconds.
    pub(crate) time: Interval,
    /// Adaptive's time over it.
    pub(crate) ratio: Interval,
}

/// Both costs, warm first result first.
pub(crate) fn costs(results: &Results) -> [Cost; 2] {
    [warm_first_result(results), closed_loop_p99(results)]
}

/// Time to the first result from a warm engine, criterion's mean with its interval.
pub(crate) fn warm_first_result(results: &Results) -> Cost {
    let group = Group::Startup(WARM_ENGINE.to_owned());
    let time = |row: &str| {
        results
            .at_cores(&group, row)
            .map(Timing::time_with_interval)
    };
    cost("first result, warm engine", time)
}

/// The closed loop's p99 on the latency bench's workload: one run, so no interval.
pub(crate) fn closed_loop_p99(results: &Results) -> Cost {
    let time = |row: &str| {
        let latency = results
            .latency_of(row)
            .filter(|latency| latency.workload == LATENCY_WORKLOAD)?;
        let p99 = latency.pacing(Pacing::Closed)?.percentiles.p99;
        // A zero p99 is a clock that did not tick, not a latency to divide by.
        (p99 > 0).then(|| Interval::point(p99 as f64))
    };
    cost("closed-loop p99, spin-10us", time)
}

fn cost(what: &'static str, time: impl Fn(&str) -> Option<Interval>) -> Cost {
    let adaptive = time(ADAPTIVE);
    let against = |engine: &'static str, theirs: Interval| {
        adaptive.map(|mine| Against {
            engine,
            time: theirs,
            ratio: mine.over(theirs),
        })
    };
    let best = fastest(per_item_engines().filter_map(|engine| Some((engine, time(engine)?))));
    Cost {
        what,
        adaptive,
        against_crossbeam: time(CROSSBEAM).and_then(|theirs| against(CROSSBEAM, theirs)),
        against_best: best.and_then(|(engine, theirs)| against(engine, theirs)),
    }
}
