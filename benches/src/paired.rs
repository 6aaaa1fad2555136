//! [`time_paired`]: two rows timed alternately in one process, the way every paired figure
//! (the contract's cost, what batching buys, the seed in Go against its ports) is taken;
//! [`time_pairs`] does it for any two [`Timed`] rows, Go's among them.

use std::time::{Duration, Instant};

use fanout_core::FanConfig;
use fanout_harness::measure::{PairedRatio, median};
use fanout_harness::rows::Row;
use fanout_harness::{Trial, Workload};

use crate::{Timed, quick};

/// The pairs stop early once the interval's ends are within this factor of each other
/// (about +-5% around the median): enough to tell 1x from a 1.25x target.
const NARROW_ENOUGH: f64 = 1.10;

/// Both rows are built anew after this many pairs. A rayon pool keeps the mode it falls
/// into (on 2 cores, 1 001 pairs of one pool against another of the same row gave medians
/// 2.4x apart), so one pool against another would compare two draws of that lottery
/// however many pairs were timed; rebuilding draws again.
const PAIRS_PER_BUILD: usize = 16;

/// Beyond this many pairs the interval is narrow enough for any question asked of it.
const MOST_PAIRS: usize = 4_001;

/// Pairs every comparison gets, however long they take.
fn fewest_pairs() -> usize {
    if quick() { 11 } else { 41 }
}

/// Two rows timed alternately: the median ratio of `first`'s time to `second`'s over the
/// pairs, with its interval, and each row's median time per item.
#[derive(Clone, Copy, Debug)]
pub struct Paired {
    /// `first`'s time over `second`'s, pair by pair.
    pub ratio: PairedRatio,
    /// `first`'s median nanoseconds per item.
    pub first_nanos_per_item: f64,
    /// `second`'s median nanoseconds per item.
    pub second_nanos_per_item: f64,
}

/// Times `first` and `second` on `workload` with `config`, `items` per run, alternately,
/// as [`time_pairs`] does.
pub fn time_paired(
    first: Row,
    second: Row,
    workload: Workload,
    config: &FanConfig,
    items: usize,
    budget: Duration,
) -> Paired {
    let build =
        |row: Row| Trial::new(row.name, workload, config.clone()).expect("a registered row");
    time_pairs(|| build(first), || build(second), items, budget)
}

/// Times the rows `build_first` and `build_second` make, `items` per run, alternately
/// (`first` first in one pair, `second` first in the next, cancelling what the first run
/// of a pair pays), both rebuilt every `PAIRS_PER_BUILD` pairs and warmed by one run
/// each, until the ratio's interval is narrow or `budget` is spent. Every run is checked
/// for exactly-once delivery.
pub fn time_pairs<A: Timed, B: Timed>(
    mut build_first: impl FnMut() -> A,
    mut build_second: impl FnMut() -> B,
    items: usize,
    budget: Duration,
) -> Paired {
    let settled = |timed: &[(Duration, Duration)]| {
        timed.len() >= fewest_pairs()
            && PairedRatio::of(timed).is_some_and(|ratio| ratio.high <= ratio.low * NARROW_ENOUGH)
    };
    let started = Instant::now();
    let mut timed: Vec<(Duration, Duration)> = Vec::new();
    let mut trials = None;
    while timed.len() < fewest_pairs()
        || (started.elapsed() < budget && timed.len() < MOST_PAIRS && !settled(&timed))
    {
        if timed.len().is_multiple_of(PAIRS_PER_BUILD) {
            // Dropped before the next pair is built, so two pools never compete.
            drop(trials.take());
            let (mut first_trial, mut second_trial) = (build_first(), build_second());
            first_trial.time(items);
            second_trial.time(items);
            trials = Some((first_trial, second_trial));
        }
        let (first_trial, second_trial) = trials.as_mut().expect("built on the first pair");
        timed.push(if timed.len().is_multiple_of(2) {
            let first_time = first_trial.time(items);
            (first_time, second_trial.time(items))
        } else {
            let second_time = second_trial.time(items);
            (first_trial.time(items), second_time)
        });
    }
    let ratio = PairedRatio::of(&timed).expect("at least one pair");
    let nanos_per_item = |times: Vec<Duration>| {
        median(&times).expect("pairs were timed").as_nanos() as f64 / items as f64
    };
    let (first_times, second_times): (Vec<_>, Vec<_>) = timed.into_iter().unzip();
    Paired {
        ratio,
        first_nanos_per_item: nanos_per_item(first_times),
        second_nanos_per_item: nanos_per_item(second_times),
    }
}
