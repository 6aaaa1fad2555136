//! `run_ordered`, written once for every engine: number the items, reorder the results,
//! and gate the input so the reorder buffer stays inside the engine's in-flight bound.

use std::collections::VecDeque;
use std::panic::{AssertUnwindSafe, catch_unwind, resume_unwind};
use std::sync::PoisonError;
use std::thread::Scope;

use crate::sync::{Arc, AtomicBool, AtomicU64, Condvar, Mutex, Ordering};

use crate::{FanOutFanIn, ScopedWork, Work, WorkerId};

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
    let (input, gate) = gated(engine, items);
    let numbered = engine.run(input, numbered_work(&gate, work));
    reordered(numbered, gate)
}

/// [`run_ordered`] in a scope: the same numbering, gate and reordering around
/// [`run_in`](FanOutFanIn::run_in).
pub(crate) fn run_ordered_in<'scope, 'env, E, I, T, R, F>(
    engine: &E,
    scope: &'scope Scope<'scope, 'env>,
    items: I,
    work: F,
) -> impl Iterator<Item = R> + Send
where
    E: FanOutFanIn,
    I: IntoIterator<Item = T>,
    I::IntoIter: Send + 'scope,
    T: Send + 'scope,
    R: Send + 'scope,
    F: ScopedWork<'scope, T, R>,
{
    let (input, gate) = gated(engine, items);
    let numbered = engine.run_in(scope, input, numbered_work(&gate, work));
    reordered(numbered, gate)
}

/// The input, numbered and held at a gate as wide as the engine's in-flight bound.
fn gated<E: FanOutFanIn, I: IntoIterator>(
    engine: &E,
    items: I,
) -> (GatedInput<I::IntoIter>, Arc<Gate>) {
    let gate = Arc::new(Gate::new(engine.in_flight_bound()));
    let input = GatedInput {
        items: items.into_iter(),
        gate: Arc::clone(&gate),
        pulled: 0,
    };
    (input, gate)
}

/// `work` on numbered items, keeping each item's number; a panic in it closes the gate.
fn numbered_work<T, R, F>(
    gate: &Arc<Gate>,
    work: F,
) -> impl Fn(WorkerId, (u64, T)) -> (u64, R) + Send + Sync + use<T, R, F>
where
    F: Fn(WorkerId, T) -> R + Send + Sync,
{
    let gate = Arc::clone(gate);
    move |worker, (index, item)| {
        let _unwinding = CloseOnUnwind(&gate);
        (index, work(worker, item))
    }
}

/// The numbered results, yielded in input order.
fn reordered<R: Send>(
    numbered: impl Iterator<Item = (u64, R)> + Send,
    gate: Arc<Gate>,
) -> impl Iterator<Item = R> + Send {
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
///
/// The count of items yielded and the feeder's "I am waiting" flag share one atomic word,
/// so that announcing the wait and reading the count are one read-modify-write, as are
/// advancing the count and reading the flag: whichever comes second sees the other, and
/// no wake-up is lost. (Two words would need SeqCst's single order across them, which the
/// loom models cannot check.)
pub(crate) struct Gate {
    window: u64,
    /// Items yielded in order, with [`FEEDER_WAITING`] set while the feeder waits.
    state: AtomicU64,
    closed: AtomicBool,
    lock: Mutex<()>,
    wakeup: Condvar,
}

/// The bit of [`Gate::state`] the feeder sets before it waits; the rest is the count.
const FEEDER_WAITING: u64 = 1 << 63;

impl Gate {
    pub(crate) fn new(window: usize) -> Gate {
        Gate {
            window: window.max(1) as u64,
            state: AtomicU64::new(0),
            closed: AtomicBool::new(false),
            lock: Mutex::new(()),
            wakeup: Condvar::new(),
        }
    }

    /// Items yielded in order so far.
    fn yielded(&self) -> u64 {
        self.state.load(Ordering::SeqCst) & !FEEDER_WAITING
    }

    fn is_open_for(&self, index: u64) -> bool {
        index < self.yielded() + self.window
    }

    /// Waits until item `index` may be pulled; `false` once the consumer has gone.
    pub(crate) fn admit(&self, index: u64) -> bool {
        loop {
            if self.closed.load(Ordering::SeqCst) {
                return false;
            }
            if self.is_open_for(index) {
                return true;
            }
            // Slow path: announce the wait and read the count in one step, under the
            // lock: a consumer advancing before it is seen here; one advancing after it
            // sees the flag and wakes us, taking the lock we hold until we wait.
            let guard = self.lock.lock().unwrap_or_else(PoisonError::into_inner);
            let yielded = self.state.fetch_or(FEEDER_WAITING, Ordering::SeqCst) & !FEEDER_WAITING;
            if self.closed.load(Ordering::SeqCst) || index < yielded + self.window {
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
    pub(crate) fn advance(&self) {
        let before = self.state.fetch_add(1, Ordering::SeqCst);
        if before & FEEDER_WAITING != 0 {
            self.state.fetch_and(!FEEDER_WAITING, Ordering::SeqCst);
            self.wake_feeder();
        }
    }

    /// The consumer has gone: the input is pulled no more.
    pub(crate) fn close(&self) {
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
                    let offset = index - self.gate.yielded();
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

#[cfg(all(test, not(loom)))]
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
