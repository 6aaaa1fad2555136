//! A short sequential run before planning, to learn how much slower than nominal this
//! machine does the workload's work just now: a busy machine's cores do less of it, and a
//! plan made on nominal costs would overrun.

use fanout_core::FanConfig;
use fanout_harness::rows::SEQUENTIAL;
use fanout_harness::{Trial, Workload};

use super::budget::Cost;

/// The share of the budget the probe may take, by estimate.
const PROBE_SHARE: f64 = 0.02;
/// Items enough for a steady time per item.
const PROBE_MOST_ITEMS: usize = 500;
/// Below this many items the probe says too little to be worth its time.
const PROBE_FEWEST_ITEMS: usize = 10;
/// Slowness is believed up to this factor; past it the probe itself was unlucky.
const MOST_SLOWNESS: f64 = 20.0;

/// How many times slower than nominal the machine does `workload`'s work now (1 or
/// more), from a short sequential run within a small share of `seconds`; 1 when there
/// is no time for one.
pub(super) fn slowness(workload: Workload, seconds: f64) -> f64 {
    let nominal = Cost::estimate(String::new(), workload, None, 1, 1.0).per_item;
    let affordable = (seconds * PROBE_SHARE / nominal.max(f64::MIN_POSITIVE)).floor();
    let items = if affordable >= PROBE_MOST_ITEMS as f64 {
        PROBE_MOST_ITEMS
    } else {
        // Below PROBE_MOST_ITEMS, so the conversion keeps it.
        affordable.max(0.0) as usize
    };
    if items < PROBE_FEWEST_ITEMS || nominal <= 0.0 {
        return 1.0;
    }
    let Ok(config) = FanConfig::new(1) else {
        return 1.0;
    };
    let Ok(mut trial) = Trial::new(SEQUENTIAL, workload, config) else {
        return 1.0;
    };
    // The first run warms caches and the allocator; the second is the one believed.
    let (Ok(_), Ok(run)) = (trial.throughput(items), trial.throughput(items)) else {
        return 1.0;
    };
    (run.elapsed.as_secs_f64() / items as f64 / nominal).clamp(1.0, MOST_SLOWNESS)
}
