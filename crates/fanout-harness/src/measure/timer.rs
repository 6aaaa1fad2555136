//! [`mean_timer_sleep`]: what one sleep on tokio's timer really takes, the ideal's
//! denominator for async work that sleeps.

use std::time::{Duration, Instant};

use crate::rows::async_runtime;

/// The mean wall time of one `tokio::time::sleep(duration)` on a runtime like the async
/// rows' own, over `sleeps` sleeps taken one after another in one task, as an item's
/// sleep starts right after the previous one ends. tokio's timer wheel has a resolution
/// of 1 ms and rounds deadlines up to a tick, so a 1 ms sleep takes longer than 1 ms; by
/// Little's law, `c` such sleeps in progress at once complete at most `c / mean` per
/// second, which is the ideal throughput of `async-sleep-<d>` at concurrency `c`.
pub fn mean_timer_sleep(duration: Duration, sleeps: usize) -> Duration {
    let sleeps = sleeps.max(1);
    let runtime = async_runtime();
    let total = runtime.block_on(async {
        // One sleep first, so that the timer's thread and wheel are warm.
        tokio::time::sleep(duration).await;
        let started = Instant::now();
        for _ in 0..sleeps {
            tokio::time::sleep(duration).await;
        }
        started.elapsed()
    });
    total / sleeps as u32
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_sleep_takes_at_least_its_duration() {
        let mean = mean_timer_sleep(Duration::from_millis(1), 20);
        assert!(mean >= Duration::from_millis(1), "{mean:?}");
    }
}
