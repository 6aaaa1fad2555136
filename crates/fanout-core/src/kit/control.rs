//! [`RunControl`]: the stop flag and the first panic of one run.

use std::any::Any;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::PoisonError;

use crate::sync::{Arc, AtomicBool, Mutex, Ordering};

/// What a panic carries, as `std::panic::catch_unwind` returns it.
pub type PanicPayload = Box<dyn Any + Send + 'static>;

/// The state every thread or task of one run shares: whether the run should stop, and the
/// first panic it met, kept for the consumer.
#[derive(Debug, Default)]
pub struct RunControl {
    stopped: AtomicBool,
    panic: Mutex<Option<PanicPayload>>,
}

impl RunControl {
    /// A fresh control for one run, shared by its threads or tasks.
    pub fn new() -> Arc<RunControl> {
        Arc::default()
    }

    /// Asks every part of the run to stop at its next check: the input is pulled no more,
    /// and workers take no new item.
    pub fn stop(&self) {
        self.stopped.store(true, Ordering::Release);
    }

    /// Whether [`stop`](RunControl::stop) was called. It is a hint checked once per item:
    /// the queues themselves carry the ordering between threads.
    #[inline]
    pub fn is_stopped(&self) -> bool {
        self.stopped.load(Ordering::Relaxed)
    }

    /// Keeps `payload` for the consumer if it is the run's first panic, and stops the run.
    #[cold]
    pub fn record_panic(&self, payload: PanicPayload) {
        let later = {
            let mut slot = self.panic.lock().unwrap_or_else(PoisonError::into_inner);
            match *slot {
                None => {
                    *slot = Some(payload);
                    None
                }
                Some(_) => Some(payload),
            }
        };
        self.stop();
        // A later panic is dropped here, outside the lock; a payload whose own drop panics
        // must not take the worker thread down with it.
        if let Some(later) = later {
            let _ = catch_unwind(AssertUnwindSafe(move || drop(later)));
        }
    }

    /// Takes the first panic, if the run met one.
    pub fn take_panic(&self) -> Option<PanicPayload> {
        self.panic
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .take()
    }

    /// Runs `f`, turning a panic into a recorded one (and a stopped run): `None` then.
    #[inline]
    pub fn call<R>(&self, f: impl FnOnce() -> R) -> Option<R> {
        match catch_unwind(AssertUnwindSafe(f)) {
            Ok(value) => Some(value),
            Err(payload) => {
                self.record_panic(payload);
                None
            }
        }
    }
}
