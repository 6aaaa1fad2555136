//! `run_ordered`, written once for every engine: number the items, reorder the results,
//! and gate the input so the reorder buffer stays inside the engine's in-flight bound.

use std::collections::VecDeque;
use std::panic::{AssertUnwindSafe, catch_unwind, resume_unwind};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Condvar, Mutex, PoisonError};

use crate::{FanOutFanIn, Work};

pub(crate) fn run_ordered<E, I, T, R, F>(
    engine: &E,
    items: I,
    work: F,
) -> impl Iterator<Item = R> + Send
where
    E: FanOutFanIn,
    I: IntoIterator<Item = T>,
    I::IntoIter: Send + 'static,
    T: Send + 'static,
    R: Send + 'static,
    F: Work<T, R>,
{
    let gate = Arc::new(Gate::new(engine.in_flight_bound()));
    let input = GatedInput {
        items: items.into_iter(),
        gate: Arc::clone(&gate),
        pulled: 0,
    };
    let work_gate = Arc::clone(&gate);
    let numbered = engine.run(input, move |worker, (index, item)| {
        let _unwinding = CloseOnUnwind(&work_gate);
        (index, work(worker, item))
    });
    Ordered {
        numbered,
        gate,
        pending: VecDeque::new(),
        ended: false,
    }
}

/// Admits input item `index` only while `index < yielded + window`, so that items pulled
/// but not yet yielded in order (in the engine or in the reorder buffer) never exceed the
/// window. The feeder waits here; the consumer opens it one item at a time.
struct Gate {
    window: u64,
    yielded: AtomicU64,
    closed: AtomicBool,
    feeder_waiting: AtomicBool,
    lock: Mutex<()>,
    wakeup: Condvar,
}

impl Gate {
    fn new(window: usize) -> Gate {
        Gate {
            window: window.max(1) as u64,
            yielded: AtomicU64::new(0),
            closed: AtomicBool::new(false),
            feeder_waiting: AtomicBool::new(false),
            lock: Mutex::new(()),
            wakeup: Condvar::new(),
        }
    }

    fn is_open_for(&self, index: u64) -> bool {
        index < self.yielded.load(Ordering::SeqCst) + self.window
    }

    /// Waits until item `index` may be pulled; `false` once the consumer has gone.
    fn admit(&self, index: u64) -> bool {
        loop {
            if self.closed.load(Ordering::SeqCst) {
                return false;
            }
            if self.is_open_for(index) {
                return true;
            }
            // Slow path: announce the wait, then look again under the lock, so that a
            // consumer advancing in between either is seen here or sees the announcement.
            let guard = self.lock.lock().unwrap_or_else(PoisonError::into_inner);
            self.feeder_waiting.store(true, Ordering::SeqCst);
            if self.closed.load(Ordering::SeqCst) || self.is_open_for(index) {
                continue;
            }
            drop(
                self.wakeup
                    .wait(guard)
                    .unwrap_or_else(PoisonError::into_inner),
            );
        }
    }

    /// The consumer yielded one more item in order.
    fn advance(&self) {
        self.yielded.fetch_add(1, Ordering::SeqCst);
        if self.feeder_waiting.swap(false, Ordering::SeqCst) {
            self.wake_feeder();
        }
    }

    /// The consumer has gone: the input is pulled no more.
    fn close(&self) {
        self.closed.store(true, Ordering::SeqCst);
        self.wake_feeder();
    }

    fn wake_feeder(&self) {
        let _guard = self.lock.lock().unwrap_or_else(PoisonError::into_inner);
        self.wakeup.notify_all();
    }
}

/// Closes the gate if `work` panics. The engine stops the run then, and its feeder may be
/// waiting at the gate for a head item that will never come: closing lets it end, so the
/// engine can stop its threads and hand the panic to the consumer.
struct CloseOnUnwind<'a>(&'a Gate);

impl Drop for CloseOnUnwind<'_> {
    fn drop(&mut self) {
        if std::thread::panicking() {
            self.0.close();
        }
    }
}

/// The input, numbered from 0 and held back by the gate.
struct GatedInput<I> {
    items: I,
    gate: Arc<Gate>,
    pulled: u64,
}

impl<I: Iterator> Iterator for GatedInput<I> {
    type Item = (u64, I::Item);

    fn next(&mut self) -> Option<Self::Item> {
        if !self.gate.admit(self.pulled) {
            return None;
        }
        let item = self.items.next()?;
        let index = self.pulled;
        self.pulled += 1;
        Some((index, item))
    }
}

/// Results of the numbered run, put back in input order.
struct Ordered<It, R> {
    numbered: It,
    gate: Arc<Gate>,
    /// `pending[k]` holds the result of item `yielded + k` once it has arrived.
    pending: VecDeque<Option<R>>,
    /// Set once the run has ended, normally or by a panic: nothing more is yielded.
    ended: bool,
}

impl<It, R> Iterator for Ordered<It, R>
where
    It: Iterator<Item = (u64, R)>,
{
    type Item = R;

    fn next(&mut self) -> Option<R> {
        loop {
            if let Some(Some(_)) = self.pending.front() {
                let head = self.pending.pop_front().flatten();
                self.gate.advance();
                return head;
            }
            if self.ended {
                return None;
            }
            // A panic resumed by the run ends this iterator too: results buffered behind
            // the panic are dropped, not yielded after it.
            let next = catch_unwind(AssertUnwindSafe(|| self.numbered.next()));
            let next = next.unwrap_or_else(|payload| {
                self.ended = true;
                drop_each_quietly(std::mem::take(&mut self.pending));
                resume_unwind(payload)
            });
            match next {
                Some((index, result)) => {
                    let offset = index - self.gate.yielded.load(Ordering::SeqCst);
                    let offset = usize::try_from(offset).expect("gate keeps offsets small");
                    if offset >= self.pending.len() {
                        self.pending.resize_with(offset + 1, || None);
                    }
                    self.pending[offset] = Some(result);
                }
                // An engine that lost an item leaves a hole: yield what did arrive, in
                // order, so the loss shows as a missing result and not as several.
                None => {
                    self.ended = true;
                    while let Some(hole_or_result) = self.pending.pop_front() {
                        self.gate.advance();
                        if hole_or_result.is_some() {
                            return hole_or_result;
                        }
                    }
                }
            }
        }
    }
}

impl<It, R> Drop for Ordered<It, R> {
    fn drop(&mut self) {
        // Open the gate for good before the engine's iterator is dropped, so a feeder
        // waiting at the gate ends and the engine's drop can join it.
        self.gate.close();
        drop_each_quietly(std::mem::take(&mut self.pending));
    }
}

/// Drops results that will never be yielded, each on its own, swallowing a panic in their
/// `Drop`: the consumer has gone or is getting the run's first panic, and this may run
/// during unwinding, where a panic escaping a `drop` aborts the process. One by one, so
/// that a second such panic is caught too and the results after it are still dropped.
fn drop_each_quietly<R>(pending: VecDeque<Option<R>>) {
    for result in pending {
        let _ = catch_unwind(AssertUnwindSafe(move || drop(result)));
    }
}

#[cfg(test)]
mod tests {
    use std::sync::atomic::AtomicUsize;
    use std::thread;
    use std::time::Duration;

    use super::*;
    use crate::FanConfig;
    use crate::test_engine::TestEngine;

    #[test]
    fn the_gate_admits_a_window_ahead_of_the_consumer() {
        let gate = Gate::new(3);
        assert!((0..3).all(|index| gate.is_open_for(index)));
        assert!(!gate.is_open_for(3));
        gate.advance();
        assert!(gate.is_open_for(3) && !gate.is_open_for(4));
    }

    #[test]
    fn a_feeder_waiting_at_the_gate_is_woken_by_the_consumer_and_by_close() {
        let gate = Arc::new(Gate::new(1));
        let waiting = Arc::clone(&gate);
        let feeder = thread::spawn(move || waiting.admit(1));
        thread::sleep(Duration::from_millis(20));
        gate.advance();
        assert!(feeder.join().unwrap(), "admitted once the window opened");

        let waiting = Arc::clone(&gate);
        let feeder = thread::spawn(move || waiting.admit(5));
        thread::sleep(Duration::from_millis(20));
        gate.close();
        assert!(!feeder.join().unwrap(), "refused once the gate closed");
    }

    #[test]
    fn results_come_in_input_order_within_the_bound_when_the_head_is_slow() {
        let engine = TestEngine::new(FanConfig::new(3).unwrap().with_capacity(1));
        let bound = engine.in_flight_bound();
        let pulled = Arc::new(AtomicUsize::new(0));
        let counter = Arc::clone(&pulled);
        let input = (0..200u64).inspect(move |_| {
            counter.fetch_add(1, Ordering::SeqCst);
        });
        let results = engine.run_ordered(input, |_, n| {
            if n % 50 == 0 {
                thread::sleep(Duration::from_millis(5));
            }
            n
        });
        for (yielded, result) in results.enumerate() {
            assert_eq!(result, yielded as u64);
            let in_flight = pulled.load(Ordering::SeqCst) - yielded;
            assert!(
                in_flight <= bound + 1,
                "{in_flight} in flight, bound {bound}"
            );
        }
    }
}
