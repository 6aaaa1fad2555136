//! [`wake_up_time`]: what waking a sleeping thread costs on this machine, the price of
//! every hand-off that finds its receiver asleep, and so the scale of every per-item cost.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::thread;
use std::time::{Duration, Instant};

use serde::{Deserialize, Serialize};

use super::median;
use crate::provenance::Provenance;

/// A measured wake-up, as the `decision` bench writes it to `target/fanout/machine.jsonl`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct WakeUp {
    /// The median wake-up, in nanoseconds.
    pub nanos: f64,
    /// Round trips timed.
    pub round_trips: usize,
    /// Where it was measured.
    pub provenance: Provenance,
}

impl WakeUp {
    /// Measures it over `round_trips` round trips ([`wake_up_time`]).
    pub fn measure(round_trips: usize) -> WakeUp {
        WakeUp {
            nanos: wake_up_time(round_trips).as_nanos() as f64,
            round_trips,
            provenance: Provenance::current().clone(),
        }
    }
}

/// The median time from one thread waking another that sleeps until that one runs: half
/// the median of `round_trips` round trips in which two threads take turns, each asleep
/// (parked, no spinning) until the other wakes it. Where the scheduler puts the two is its
/// own choice, as it is for an engine's threads.
pub fn wake_up_time(round_trips: usize) -> Duration {
    let round_trips = round_trips.max(1);
    // Odd: the partner's turn; even: the caller's. The partner ends at `usize::MAX`.
    let turn = Arc::new(AtomicUsize::new(0));
    let caller = thread::current();
    let partner = {
        let turn = Arc::clone(&turn);
        thread::spawn(move || {
            loop {
                let now = turn.load(Ordering::Acquire);
                if now == usize::MAX {
                    return;
                }
                if now % 2 == 1 {
                    turn.store(now + 1, Ordering::Release);
                    caller.unpark();
                } else {
                    thread::park();
                }
            }
        })
    };
    let mut times = Vec::with_capacity(round_trips);
    for trip in 0..round_trips {
        let started = Instant::now();
        turn.store(2 * trip + 1, Ordering::Release);
        partner.thread().unpark();
        while turn.load(Ordering::Acquire) != 2 * trip + 2 {
            thread::park();
        }
        times.push(started.elapsed());
    }
    turn.store(usize::MAX, Ordering::Release);
    partner.thread().unpark();
    partner.join().expect("the partner thread does not panic");
    median(&times).expect("at least one round trip") / 2
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_wake_up_takes_some_time_and_ends() {
        let time = wake_up_time(20);
        assert!(
            time > Duration::ZERO && time < Duration::from_secs(1),
            "{time:?}"
        );
    }
}
