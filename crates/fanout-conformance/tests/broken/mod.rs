//! Deliberately broken engines, each made to break one guarantee, built on a correct one
//! (the crossbeam engine) so that each breaks that guarantee and as little else as it can.

use std::any::Any;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::{Arc, Condvar, Mutex, PoisonError, mpsc};
use std::thread;

use fanout_conformance::Echo;
use fanout_core::{FanConfig, FanOutFanIn, WorkerId};
use fanout_crossbeam::Crossbeam;

/// Defines an engine that wraps [`Crossbeam`] and runs `$body` with the inner engine, the
/// input and `work` bound to the names given.
macro_rules! wrapping_engine {
    ($(#[$doc:meta])* $name:ident, $label:literal, |$inner:ident, $items:ident, $work:ident| $body:expr) => {
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
                F: Fn(WorkerId, T) -> R + Send + Sync + 'static,
            {
                let $inner = &self.0;
                $body
            }
        }
    };
}

wrapping_engine!(
    /// Drops the sixth result on the floor.
    LosesItem,
    "loses-item",
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
    /// Catches panics in `work` and skips those items.
    SwallowsPanics,
    "swallows-panics",
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
    /// Forgets every tenth result instead of handing it over or dropping it.
    LeaksResults,
    "leaks-results",
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
        F: Fn(WorkerId, T) -> R + Send + Sync + 'static,
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
        F: Fn(WorkerId, T) -> R + Send + Sync + 'static,
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
        F: Fn(WorkerId, T) -> R + Send + Sync + 'static,
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
        F: Fn(WorkerId, T) -> R + Send + Sync + 'static,
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
        F: Fn(WorkerId, T) -> R + Send + Sync + 'static,
    {
        self.0.run(items, work)
    }

    fn run_ordered<I, T, R, F>(&self, items: I, work: F) -> impl Iterator<Item = R> + Send
    where
        I: IntoIterator<Item = T>,
        I::IntoIter: Send + 'static,
        T: Send + 'static,
        R: Send + 'static,
        F: Fn(WorkerId, T) -> R + Send + Sync + 'static,
    {
        self.0.run(items, work)
    }
}
