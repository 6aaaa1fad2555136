//! A busy loop calibrated once per process, so `spin-<d>` costs `d` on any machine.

use std::hint::black_box;
use std::sync::OnceLock;
use std::time::{Duration, Instant};

/// Runs `iterations` steps of a small integer recurrence and returns its result, which
/// callers use (a result nobody reads could be optimised away).
#[inline(never)]
pub fn spin(iterations: u64, seed: u64) -> u64 {
    let mut state = seed | 1;
    for _ in 0..iterations {
        // xorshift64: cheap, serially dependent, impossible to vectorise or skip.
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state = black_box(state);
    }
    state
}

/// How many [`spin`] iterations take `duration` on this machine, measured once per
/// process: the loop is timed over a few milliseconds, and the fastest of several rounds
/// is kept, since interruptions only ever make a round slower.
pub fn calibrated_spin_iterations(duration: Duration) -> u64 {
    static NANOS_PER_ITERATION: OnceLock<f64> = OnceLock::new();
    let nanos_per_iteration = *NANOS_PER_ITERATION.get_or_init(|| {
        const ROUND: u64 = 200_000;
        let _warm_up = spin(ROUND, 1);
        (0..7)
            .map(|round| {
                let started = Instant::now();
                black_box(spin(ROUND, round + 2));
                started.elapsed().as_nanos() as f64 / ROUND as f64
            })
            .fold(f64::INFINITY, f64::min)
            .max(0.01)
    });
    (duration.as_nanos() as f64 / nanos_per_iteration).round() as u64
}
