//! How evenly the items spread over the workers.

use std::sync::atomic::{AtomicU64, Ordering};

use fanout_core::WorkerId;

/// Items processed per worker, counted by the workers themselves. Each counter sits on a
/// cache line of its own, so counting costs a worker one uncontended add.
#[derive(Debug)]
pub struct WorkerCounts {
    counters: Box<[PaddedCounter]>,
}

#[derive(Debug, Default)]
#[repr(align(128))]
struct PaddedCounter(AtomicU64);

impl WorkerCounts {
    /// Counters for workers `1..=workers`.
    pub fn new(workers: usize) -> WorkerCounts {
        WorkerCounts {
            counters: (0..workers).map(|_| PaddedCounter::default()).collect(),
        }
    }

    /// Counts one item for `worker`; ids out of range are counted on the last worker.
    #[inline]
    pub fn count(&self, worker: WorkerId) {
        let index = worker.saturating_sub(1).min(self.counters.len() - 1);
        self.counters[index].0.fetch_add(1, Ordering::Relaxed);
    }

    /// The counts so far, worker 1 first, and zeroes them for the next run.
    pub fn take(&self) -> Vec<u64> {
        self.counters
            .iter()
            .map(|counter| counter.0.swap(0, Ordering::Relaxed))
            .collect()
    }
}

/// Standard deviation over mean of `counts`: 0 is a perfectly even spread.
pub fn coefficient_of_variation(counts: &[u64]) -> f64 {
    if counts.is_empty() {
        return 0.0;
    }
    let n = counts.len() as f64;
    let mean = counts.iter().sum::<u64>() as f64 / n;
    if mean == 0.0 {
        return 0.0;
    }
    let variance = counts
        .iter()
        .map(|&count| (count as f64 - mean).powi(2))
        .sum::<f64>()
        / n;
    variance.sqrt() / mean
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_and_spread() {
        let counts = WorkerCounts::new(3);
        [1, 1, 2, 3, 3, 3]
            .into_iter()
            .for_each(|worker| counts.count(worker));
        assert_eq!(counts.take(), [2, 1, 3]);
        assert_eq!(counts.take(), [0, 0, 0]);
        assert_eq!(coefficient_of_variation(&[5, 5, 5]), 0.0);
        let cv = coefficient_of_variation(&[2, 1, 3]);
        assert!((cv - (2.0f64 / 3.0).sqrt() / 2.0).abs() < 1e-12);
    }
}
