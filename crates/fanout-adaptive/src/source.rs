//! [`Source`]: the run's input behind one lock, pulled a batch at a time into the puller's
//! [`Deque`], never further ahead of the consumer than the in-flight bound.

use std::sync::PoisonError;
use std::time::{Duration, Instant};

use fanout_core::kit::GuardedInput;
use fanout_core::sync::{AtomicBool, AtomicU64, Mutex, Ordering};

use crate::deque::Deque;

/// In a batch of up to this many items the clock is read after every item pulled; in a
/// bigger one, after every this many: often enough to notice an input that has turned
/// slow, rarely enough that the clock costs little beside cheap items.
pub(crate) const CLOCK_EVERY: usize = 64;

/// Whether to read the clock after the `done`-th item of a batch of `size` items.
pub(crate) fn clock_due(done: usize, size: usize) -> bool {
    size <= CLOCK_EVERY || done.is_multiple_of(CLOCK_EVERY)
}

/// The input and how many items it has given.
pub(crate) struct Source<I> {
    pulling: Mutex<Pulling<I>>,
    /// Set once the input has ended (or the run stopped), after `pulled` holds its total.
    ended: AtomicBool,
    pulled: AtomicU64,
    /// The most items pulled whose results the consumer has not handed out.
    bound: u64,
}

struct Pulling<I> {
    items: GuardedInput<I>,
    pulled: u64,
}

/// What one pull did.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Pulled {
    /// Some items were pushed, and the input may have more.
    Some,
    /// Nothing: the consumer is a whole bound behind.
    NoRoom,
    /// This pull met the input's end; items it pushed, if any, are the last.
    Ended,
    /// An earlier pull met the end.
    Over,
}

impl<I: Iterator> Source<I> {
    pub(crate) fn new(items: GuardedInput<I>, bound: usize) -> Source<I> {
        Source {
            pulling: Mutex::new(Pulling { items, pulled: 0 }),
            ended: AtomicBool::new(false),
            pulled: AtomicU64::new(0),
            bound: u64::try_from(bound).unwrap_or(u64::MAX),
        }
    }

    /// Pulls up to `size` items into `into`, each pushed as it comes so that an idle
    /// participant can steal it even while a later one is slow to come, stopping early once
    /// pulling has taken `budget`, and never past `received + bound`. Returns what it did
    /// and how long pulling took, not counting the wait for the lock.
    pub(crate) fn pull(
        &self,
        into: &Deque<I::Item>,
        size: usize,
        received: u64,
        budget: Duration,
    ) -> (Pulled, Duration) {
        let mut pulling = self.pulling.lock().unwrap_or_else(PoisonError::into_inner);
        let started = Instant::now();
        if self.ended.load(Ordering::Relaxed) {
            return (Pulled::Over, Duration::ZERO);
        }
        let in_flight = pulling.pulled.saturating_sub(received);
        let room = self.bound.saturating_sub(in_flight);
        let size = usize::try_from(room).unwrap_or(usize::MAX).min(size);
        if size == 0 {
            return (Pulled::NoRoom, Duration::ZERO);
        }
        let mut filled = 0;
        while filled < size {
            let Some(item) = pulling.items.next() else {
                self.pulled.store(pulling.pulled, Ordering::Relaxed);
                self.ended.store(true, Ordering::Release);
                return (Pulled::Ended, started.elapsed());
            };
            into.push(item);
            pulling.pulled += 1;
            filled += 1;
            if clock_due(filled, size) && started.elapsed() >= budget {
                break;
            }
        }
        (Pulled::Some, started.elapsed())
    }

    /// The number of items the input gave in all, once it has ended.
    pub(crate) fn total(&self) -> Option<u64> {
        self.ended
            .load(Ordering::Acquire)
            .then(|| self.pulled.load(Ordering::Relaxed))
    }

    /// Whether the input has ended, as last seen.
    pub(crate) fn has_ended(&self) -> bool {
        self.ended.load(Ordering::Relaxed)
    }
}
