//! Deliberately broken engines, each made to break one guarantee, built on a correct one
//! (the crossbeam engine, or the tokio engine for tasks) so that each breaks that guarantee
//! and as little else as it can.

use std::any::Any;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Condvar, Mutex, PoisonError, mpsc};
use std::thread::{self, Scope};
use std::time::Duration;

use fanout_conformance::Echo;
use fanout_core::{FanConfig, FanOutFanIn, ScopedWork, Work};
use fanout_crossbeam::Crossbeam;
use fanout_tokio::Tokio;

/// Defines an engine that wraps [`Crossbeam`] and runs `$body` with the inner engine, the
/// input and `work` bound to the names given. With `ordered intact`, its `run_ordered` is
/// the crossbeam engine's own rather than one built on the broken `run`.
macro_rules! wrapping_engine {
    ($(#[$doc:meta])* $name:ident, $label:literal, ordered intact, |$inner:ident, $items:ident, $work:ident| $body:expr) => {
        wrapping_engine!($(#[$doc])* $name, $label, |$inner, $items, $work| $body;
            fn run_ordered<I, T, R, F>(&self, items: I, work: F) -> impl Iterator<Item = R> + Send
            where
                I: IntoIterator<Item = T>,
                I::IntoIter: Send + 'static,
                T: Send + 'static,
                R: Send + 'static,
                F: Work<T, R>,
            {
                self.0.run_ordered(items, work)
            }
        );
    };
    ($(#[$doc:meta])* $name:ident, $label:literal, |$inner:ident, $items:ident, $work:ident| $body:expr $(; $($extra:item)*)?) => {
        $(#[$doc])*
        pub(crate) struct $name(Crossbeam);

        impl FanOutFanIn for $name {
            const NAME: &'static str = $label;

            fn new(config: FanConfig) -> Self {
                $name(Crossbeam::new(config))
            }

            fn config(&self) -> &FanConfig {
                self.0.config()
            }

            fn in_flight_bound(&self) -> usize {
                self.0.in_flight_bound()
            }

            fn run<I, T, R, F>(&self, $items: I, $work: F) -> impl Iterator<Item = R> + Send
            where
                I: IntoIterator<Item = T>,
                I::IntoIter: Send + 'static,
                T: Send + 'static,
                R: Send + 'static,
                F: Work<T, R>,
            {
                let $inner = &self.0;
                $body
            }

            $($($extra)*)?
        }
    };
}

wrapping_engine!(
    /// Drops the sixth result of `run` on the floor. (Its `run_ordered` is sound: one built
    /// on a lossy `run` waits at its reorder gate for the lost item, and hangs.)
    LosesItem,
    "loses-item",
    ordered intact,
    |inner, items, work| inner
        .run(items, work)
        .enumerate()
        .filter(|(position, _)| *position != 5)
        .map(|(_, result)| result)
);

wrapping_engine!(
    /// Delivers the result of item 3 twice (when the result is an [`Echo`] it can copy).
    Duplicates,
    "duplicates",
    |inner, items, work| inner.run(items, work).flat_map(|result| {
        let copy = (&result as &dyn Any)
            .downcast_ref::<Echo>()
            .filter(|echo| echo.item == 3)
            .map(|echo| {
                let copy: Box<dyn Any> = Box::new(*echo);
                *copy.downcast::<R>().expect("R is Echo here")
            });
        std::iter::once(result).chain(copy)
    })
);

wrapping_engine!(
    /// Collects the whole input before it starts.
    CollectsFirst,
    "collects-first",
    |inner, items, work| inner.run(items.into_iter().collect::<Vec<T>>(), work)
);

wrapping_engine!(
    /// Catches panics in `work` and skips those items, in `run`. (Its `run_ordered` is
    /// sound, for the reason [`LosesItem`]'s is.)
    SwallowsPanics,
    "swallows-panics",
    ordered intact,
    |inner, items, work| inner
        .run(items, move |worker, item| {
            catch_unwind(AssertUnwindSafe(|| work(worker, item))).ok()
        })
        .flatten()
);

wrapping_engine!(
    /// Numbers its workers from 0.
    CountsFromZero,
    "counts-from-zero",
    |inner, items, work| inner.run(items, move |worker, item| work(worker - 1, item))
);

wrapping_engine!(
    /// Hands its workers items two at a time, so the second of a pair waits behind the
    /// first's call however many workers are idle, as a batch held whole would.
    HoldsPairs,
    "holds-pairs",
    |inner, items, work| {
        let mut items = items.into_iter();
        let pairs = std::iter::from_fn(move || {
            let first = items.next()?;
            Some(std::iter::once(first).chain(items.next()).collect::<Vec<_>>())
        });
        inner
            .run(pairs, move |worker, pair: Vec<_>| {
                pair.into_iter()
                    .map(|item| work(worker, item))
                    .collect::<Vec<_>>()
            })
            .flatten()
    }
);

wrapping_engine!(
    /// Forgets every tenth result of `run` instead of handing it over or dropping it. (Its
    /// `run_ordered` is sound, for the reason [`LosesItem`]'s is.)
    LeaksResults,
    "leaks-results",
    ordered intact,
    |inner, items, work| inner
        .run(items, work)
        .enumerate()
        .filter_map(|(position, result)| {
            if position % 10 == 3 {
                std::mem::forget(result);
                None
            } else {
                Some(result)
            }
        })
);

wrapping_engine!(
    /// Rejects capacity 0, as a queue without a rendezvous mode would.
    NoRendezvous,
    "no-rendezvous",
    |inner, items, work| {
        assert!(inner.config().capacity > 0, "capacity must be at least 1");
        inner.run(items, work)
    }
);

/// Claims a bound of `workers`, less than its queues hold.
pub(crate) struct UnderstatesBound(Crossbeam);

impl FanOutFanIn for UnderstatesBound {
    const NAME: &'static str = "understates-bound";

    fn new(config: FanConfig) -> Self {
        UnderstatesBound(Crossbeam::new(config))
    }

    fn config(&self) -> &FanConfig {
        self.0.config()
    }

    fn in_flight_bound(&self) -> usize {
        self.0.config().workers.get()
    }

    fn run<I, T, R, F>(&self, items: I, work: F) -> impl Iterator<Item = R> + Send
    where
        I: IntoIterator<Item = T>,
        I::IntoIter: Send + 'static,
        T: Send + 'static,
        R: Send + 'static,
        F: Work<T, R>,
    {
        self.0.run(items, work)
    }
}

/// Runs one worker more than it was asked for, folding the extra worker's id back into
/// range so that only the number of calls at once gives it away.
pub(crate) struct OneWorkerTooMany {
    config: FanConfig,
    inner: Crossbeam,
}

impl FanOutFanIn for OneWorkerTooMany {
    const NAME: &'static str = "one-worker-too-many";

    fn new(config: FanConfig) -> Self {
        let more = FanConfig::new(config.workers.get() + 1)
            .expect("more than zero")
            .with_capacity(config.capacity);
        OneWorkerTooMany {
            config,
            inner: Crossbeam::new(more),
        }
    }

    fn config(&self) -> &FanConfig {
        &self.config
    }

    fn in_flight_bound(&self) -> usize {
        self.inner.in_flight_bound()
    }

    fn run<I, T, R, F>(&self, items: I, work: F) -> impl Iterator<Item = R> + Send
    where
        I: IntoIterator<Item = T>,
        I::IntoIter: Send + 'static,
        T: Send + 'static,
        R: Send + 'static,
        F: Work<T, R>,
    {
        let workers = self.config.workers.get();
        self.inner.run(items, move |worker, item| {
            work((worker - 1) % workers + 1, item)
        })
    }
}

/// Runs on a detached thread and returns from a drop without waiting for it.
pub(crate) struct LeavesThreads(Arc<Crossbeam>);

impl FanOutFanIn for LeavesThreads {
    const NAME: &'static str = "leaves-threads";

    fn new(config: FanConfig) -> Self {
        LeavesThreads(Arc::new(Crossbeam::new(config)))
    }

    fn config(&self) -> &FanConfig {
        self.0.config()
    }

    fn in_flight_bound(&self) -> usize {
        self.0.in_flight_bound()
    }

    fn run<I, T, R, F>(&self, items: I, work: F) -> impl Iterator<Item = R> + Send
    where
        I: IntoIterator<Item = T>,
        I::IntoIter: Send + 'static,
        T: Send + 'static,
        R: Send + 'static,
        F: Work<T, R>,
    {
        let engine = Arc::clone(&self.0);
        let items = items.into_iter();
        let (results, received) = mpsc::sync_channel(0);
        thread::spawn(move || {
            for result in engine.run(items, work) {
                if results.send(result).is_err() {
                    break;
                }
            }
        });
        received.into_iter()
    }
}

/// Serves one run at a time: a second run waits until the first is dropped.
pub(crate) struct OneRunAtATime {
    inner: Crossbeam,
    busy: Arc<(Mutex<bool>, Condvar)>,
}

/// Frees an [`OneRunAtATime`] engine when its run's iterator is dropped.
struct Busy(Arc<(Mutex<bool>, Condvar)>);

impl Drop for Busy {
    fn drop(&mut self) {
        let (busy, freed) = &*self.0;
        *busy.lock().unwrap_or_else(PoisonError::into_inner) = false;
        freed.notify_all();
    }
}

impl FanOutFanIn for OneRunAtATime {
    const NAME: &'static str = "one-run-at-a-time";

    fn new(config: FanConfig) -> Self {
        OneRunAtATime {
            inner: Crossbeam::new(config),
            busy: Arc::default(),
        }
    }

    fn config(&self) -> &FanConfig {
        self.inner.config()
    }

    fn in_flight_bound(&self) -> usize {
        self.inner.in_flight_bound()
    }

    fn run<I, T, R, F>(&self, items: I, work: F) -> impl Iterator<Item = R> + Send
    where
        I: IntoIterator<Item = T>,
        I::IntoIter: Send + 'static,
        T: Send + 'static,
        R: Send + 'static,
        F: Work<T, R>,
    {
        let (busy, freed) = &*self.busy;
        let mut is_busy = busy.lock().unwrap_or_else(PoisonError::into_inner);
        while *is_busy {
            is_busy = freed.wait(is_busy).unwrap_or_else(PoisonError::into_inner);
        }
        *is_busy = true;
        let held = Busy(Arc::clone(&self.busy));
        // The closure owns `held`, so the engine is freed when the iterator is dropped.
        self.inner.run(items, work).inspect(move |_| {
            let _held = &held;
        })
    }
}

/// Its `run_ordered` is `run`: results in completion order.
pub(crate) struct Unordered(Crossbeam);

impl FanOutFanIn for Unordered {
    const NAME: &'static str = "unordered";

    fn new(config: FanConfig) -> Self {
        Unordered(Crossbeam::new(config))
    }

    fn config(&self) -> &FanConfig {
        self.0.config()
    }

    fn in_flight_bound(&self) -> usize {
        self.0.in_flight_bound()
    }

    fn run<I, T, R, F>(&self, items: I, work: F) -> impl Iterator<Item = R> + Send
    where
        I: IntoIterator<Item = T>,
        I::IntoIter: Send + 'static,
        T: Send + 'static,
        R: Send + 'static,
        F: Work<T, R>,
    {
        self.0.run(items, work)
    }

    fn run_ordered<I, T, R, F>(&self, items: I, work: F) -> impl Iterator<Item = R> + Send
    where
        I: IntoIterator<Item = T>,
        I::IntoIter: Send + 'static,
        T: Send + 'static,
        R: Send + 'static,
        F: Work<T, R>,
    {
        self.0.run(items, work)
    }
}

/// How long a thread left behind by [`LeavesAThread`] lingers: far past any deadline.
const LINGER: Duration = Duration::from_secs(30);

wrapping_engine!(
    /// Starts a helper thread with every run and never joins it: the run itself stops
    /// properly, so only a count of the process's threads sees the one left behind.
    LeavesAThread,
    "leaves-a-thread",
    |inner, items, work| {
        thread::spawn(|| thread::sleep(LINGER));
        inner.run(items, work)
    }
);

wrapping_engine!(
    /// Reads one result ahead of the consumer, and drops it unguarded when dropped: a
    /// result whose `Drop` panics then panics out of the consumer's drop.
    ReadsAhead,
    "reads-ahead",
    |inner, items, work| {
        let mut results = inner.run(items, work);
        let mut ahead = None;
        let mut started = false;
        std::iter::from_fn(move || {
            if !started {
                started = true;
                ahead = results.next();
            }
            let current = ahead.take();
            if current.is_some() {
                ahead = results.next();
            }
            current
        })
    }
);

wrapping_engine!(
    /// Drains up to a thousand more results when dropped, so that the run keeps going
    /// while the drop waits.
    DrainsOnDrop,
    "drains-on-drop",
    |inner, items, work| Draining(Some(inner.run(items, work)))
);

/// The iterator of [`DrainsOnDrop`].
struct Draining<I: Iterator>(Option<I>);

impl<I: Iterator> Iterator for Draining<I> {
    type Item = I::Item;

    fn next(&mut self) -> Option<I::Item> {
        self.0.as_mut()?.next()
    }
}

impl<I: Iterator> Drop for Draining<I> {
    fn drop(&mut self) {
        if let Some(results) = self.0.take() {
            results.take(1_000).for_each(drop);
        }
    }
}

wrapping_engine!(
    /// Treats a panic in the input's `next()` as the end of the input.
    EndsInputOnPanic,
    "ends-input-on-panic",
    |inner, items, work| {
        let mut items = items.into_iter();
        let quiet = std::iter::from_fn(move || {
            catch_unwind(AssertUnwindSafe(|| items.next())).ok().flatten()
        });
        inner.run(quiet, work)
    }
);

wrapping_engine!(
    /// Delivers results only to the thread that started the run; elsewhere its iterator
    /// just ends.
    ThreadAffine,
    "thread-affine",
    |inner, items, work| {
        let starter = thread::current().id();
        inner
            .run(items, work)
            .take_while(move |_| thread::current().id() == starter)
    }
);

wrapping_engine!(
    /// Serves one run in the whole process at a time, as if built on one global pool, and
    /// panics when a second one starts while the first is going.
    ProcessWideRun,
    "process-wide-run",
    |inner, items, work| {
        static BUSY: AtomicBool = AtomicBool::new(false);
        assert!(
            !BUSY.swap(true, Ordering::SeqCst),
            "the engine is busy with another run"
        );
        let free_when_dropped = FreeOnDrop(&BUSY);
        inner.run(items, work).inspect(move |_| {
            let _held = &free_when_dropped;
        })
    }
);

/// Clears its flag when dropped.
struct FreeOnDrop(&'static AtomicBool);

impl Drop for FreeOnDrop {
    fn drop(&mut self) {
        self.0.store(false, Ordering::SeqCst);
    }
}

wrapping_engine!(
    /// When the OS refuses it a thread, catches the panic and delivers no result, as if the
    /// input were empty.
    SwallowsSpawnFailure,
    "swallows-spawn-failure",
    |inner, items, work| catch_unwind(AssertUnwindSafe(|| inner.run(items, work)))
        .ok()
        .into_iter()
        .flatten()
);

/// Keeps one stop flag for all its runs: dropping one run early ends every other run going
/// at the same time.
pub(crate) struct OneStopFlag {
    inner: Crossbeam,
    stopped: Arc<AtomicBool>,
}

impl FanOutFanIn for OneStopFlag {
    const NAME: &'static str = "one-stop-flag";

    fn new(config: FanConfig) -> Self {
        OneStopFlag {
            inner: Crossbeam::new(config),
            stopped: Arc::default(),
        }
    }

    fn config(&self) -> &FanConfig {
        self.inner.config()
    }

    fn in_flight_bound(&self) -> usize {
        self.inner.in_flight_bound()
    }

    fn run<I, T, R, F>(&self, items: I, work: F) -> impl Iterator<Item = R> + Send
    where
        I: IntoIterator<Item = T>,
        I::IntoIter: Send + 'static,
        T: Send + 'static,
        R: Send + 'static,
        F: Work<T, R>,
    {
        self.stopped.store(false, Ordering::SeqCst);
        let stop_on_drop = StopOnDrop(Arc::clone(&self.stopped));
        let stopped = Arc::clone(&self.stopped);
        let mut results = self.inner.run(items, work);
        std::iter::from_fn(move || {
            let _held = &stop_on_drop;
            if stopped.load(Ordering::SeqCst) {
                return None;
            }
            results.next()
        })
    }
}

/// Sets the shared stop flag of a [`OneStopFlag`] run when the run is dropped.
struct StopOnDrop(Arc<AtomicBool>);

impl Drop for StopOnDrop {
    fn drop(&mut self) {
        self.0.store(true, Ordering::SeqCst);
    }
}

/// The tokio engine, leaving a task that never ends on its runtime with every run.
pub(crate) struct LeavesATask(Tokio);

impl LeavesATask {
    /// The runtime's tasks alive now, as the tokio engine's own tests count them.
    pub(crate) fn alive_tasks(&self) -> usize {
        self.0.handle().metrics().num_alive_tasks()
    }
}

impl FanOutFanIn for LeavesATask {
    const NAME: &'static str = "leaves-a-task";

    fn new(config: FanConfig) -> Self {
        LeavesATask(Tokio::new(config))
    }

    fn config(&self) -> &FanConfig {
        self.0.config()
    }

    fn in_flight_bound(&self) -> usize {
        self.0.in_flight_bound()
    }

    fn run<I, T, R, F>(&self, items: I, work: F) -> impl Iterator<Item = R> + Send
    where
        I: IntoIterator<Item = T>,
        I::IntoIter: Send + 'static,
        T: Send + 'static,
        R: Send + 'static,
        F: Work<T, R>,
    {
        drop(self.0.handle().spawn(std::future::pending::<()>()));
        self.0.run(items, work)
    }
}

wrapping_engine!(
    /// A sound `run`; its scoped run skips the input's first item.
    ScopedLosesItem,
    "scoped-loses-item",
    |inner, items, work| inner.run(items, work);
    fn run_in<'scope, 'env, I, T, R, F>(
        &self,
        scope: &'scope Scope<'scope, 'env>,
        items: I,
        work: F,
    ) -> impl Iterator<Item = R> + Send
    where
        I: IntoIterator<Item = T>,
        I::IntoIter: Send + 'scope,
        T: Send + 'scope,
        R: Send + 'scope,
        F: ScopedWork<'scope, T, R>,
    {
        self.0.run_in(scope, items.into_iter().skip(1), work)
    }
);

wrapping_engine!(
    /// A sound `run`; its scoped run hands results over from a thread of the scope that
    /// nobody waits for when the iterator is dropped, leaving it to the scope's end.
    ScopedLeavesThreads,
    "scoped-leaves-threads",
    |inner, items, work| inner.run(items, work);
    fn run_in<'scope, 'env, I, T, R, F>(
        &self,
        scope: &'scope Scope<'scope, 'env>,
        items: I,
        work: F,
    ) -> impl Iterator<Item = R> + Send
    where
        I: IntoIterator<Item = T>,
        I::IntoIter: Send + 'scope,
        T: Send + 'scope,
        R: Send + 'scope,
        F: ScopedWork<'scope, T, R>,
    {
        let engine = self.0.clone();
        let items = items.into_iter();
        let (results, received) = mpsc::sync_channel(0);
        scope.spawn(move || {
            for result in engine.run_in(scope, items, work) {
                if results.send(result).is_err() {
                    break;
                }
            }
        });
        received.into_iter()
    }
);
