//! What a worker has done since it started, for its operator: runs served, items and
//! batches answered, items refused and messages terminated ([`Worker::served`]).
//!
//! [`Worker::served`]: crate::Worker::served

use std::collections::HashSet;
use std::collections::hash_map::RandomState;
use std::fmt;
use std::hash::BuildHasher;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Mutex, PoisonError};

/// A worker's counts so far, from [`Worker::served`](crate::Worker::served).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct Served {
    /// Runs it answered at least one batch of.
    pub runs: u64,
    /// Items it answered, refused ones included.
    pub items: u64,
    /// Batches it answered and acknowledged.
    pub batches: u64,
    /// Items it refused (a job it does not serve, an input it could not read).
    pub refused: u64,
    /// Messages it terminated or deleted: not a run's batch, or a batch whose run ended.
    pub terminated: u64,
}

impl fmt::Display for Served {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} runs, {} items in {} batches; refused {} items, terminated {} messages",
            self.runs, self.items, self.batches, self.refused, self.terminated
        )
    }
}

/// The counts as the worker's tasks add to them.
#[derive(Default)]
pub(crate) struct Tally {
    /// The runs seen, by a hash of their id: 8 bytes a run, so that a worker serving for
    /// months holds little.
    runs: Mutex<HashSet<u64>>,
    hasher: RandomState,
    items: AtomicU64,
    batches: AtomicU64,
    refused: AtomicU64,
    terminated: AtomicU64,
}

impl Tally {
    /// A batch of `run` answered with `items` answers, `refused` of them refusals.
    pub(crate) fn answered(&self, run: &str, items: u64, refused: u64) {
        let run = self.hasher.hash_one(run);
        self.runs
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .insert(run);
        self.items.fetch_add(items, Ordering::Relaxed);
        self.batches.fetch_add(1, Ordering::Relaxed);
        self.refused.fetch_add(refused, Ordering::Relaxed);
    }

    /// `count` messages terminated or deleted.
    pub(crate) fn terminated(&self, count: u64) {
        self.terminated.fetch_add(count, Ordering::Relaxed);
    }

    pub(crate) fn served(&self) -> Served {
        Served {
            runs: self
                .runs
                .lock()
                .unwrap_or_else(PoisonError::into_inner)
                .len() as u64,
            items: self.items.load(Ordering::Relaxed),
            batches: self.batches.load(Ordering::Relaxed),
            refused: self.refused.load(Ordering::Relaxed),
            terminated: self.terminated.load(Ordering::Relaxed),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_runs_once_and_adds_the_rest() {
        let tally = Tally::default();
        tally.answered("a", 10, 0);
        tally.answered("a", 5, 1);
        tally.answered("b", 1, 1);
        tally.terminated(2);
        let served = tally.served();
        assert_eq!(
            served,
            Served {
                runs: 2,
                items: 16,
                batches: 3,
                refused: 2,
                terminated: 2
            }
        );
        assert_eq!(
            served.to_string(),
            "2 runs, 16 items in 3 batches; refused 2 items, terminated 2 messages"
        );
    }
}
