//! [`RunResults`]: the consumer's end of a run.

use crate::sync::Arc;
use std::panic::resume_unwind;

use super::RunControl;
use crate::flaw::{Flaw, flawed};

/// Whatever does a run's work (threads, tasks, a pool job), seen from the consumer's end.
pub trait RunWorkers: Send {
    /// Blocks until every thread or task of the run has stopped. The run has been told to
    /// stop and its result receiver dropped before this is called.
    fn wait_stopped(&mut self);
}

/// The iterator an engine's `run` returns: results as `receive` yields them, then, once
/// every sender is gone, the workers joined and a recorded panic resumed.
///
/// `receive` returns `None` only when all senders have gone. Dropping a `RunResults` stops
/// the run, drops `receive` (and so the receiver, which unblocks workers waiting to send),
/// and waits for the workers. A panic while doing so (a queued result whose `Drop` panics)
/// is recorded, not thrown, and so is swallowed once the consumer has gone: a `drop` that
/// panicked during unwinding would abort the process.
pub struct RunResults<Receive, Workers: RunWorkers> {
    receive: Option<Receive>,
    workers: Workers,
    control: Arc<RunControl>,
}

impl<R, Receive, Workers> RunResults<Receive, Workers>
where
    Receive: FnMut() -> Option<R>,
    Workers: RunWorkers,
{
    /// The consumer's end of the run that `control` controls.
    pub fn new(control: Arc<RunControl>, workers: Workers, receive: Receive) -> Self {
        RunResults {
            receive: Some(receive),
            workers,
            control,
        }
    }
}

impl<Receive, Workers: RunWorkers> RunResults<Receive, Workers> {
    fn shut_down(&mut self) {
        self.control.stop();
        if flawed(Flaw::WaitsBeforeDroppingTheReceiver) {
            self.workers.wait_stopped();
        }
        // Dropping the receiver may drop results still queued in it. A panic in one of
        // their `Drop`s is recorded like any panic of the run, not thrown from here: this
        // may be a `drop` during unwinding, where a second panic aborts the process, and
        // the workers must be waited for whatever happens.
        let receive = self.receive.take();
        self.control.call(move || drop(receive));
        self.workers.wait_stopped();
    }
}

impl<R, Receive, Workers> Iterator for RunResults<Receive, Workers>
where
    Receive: FnMut() -> Option<R>,
    Workers: RunWorkers,
{
    type Item = R;

    #[inline]
    fn next(&mut self) -> Option<R> {
        let receive = self.receive.as_mut()?;
        if flawed(Flaw::EndsAtTheStopFlag) && self.control.is_stopped() {
            self.shut_down();
            return None;
        }
        match receive() {
            Some(result) => Some(result),
            None => self.end(),
        }
    }
}

impl<R, Receive, Workers> RunResults<Receive, Workers>
where
    Receive: FnMut() -> Option<R>,
    Workers: RunWorkers,
{
    /// The run's end, past the last result: the workers joined and a recorded panic
    /// resumed.
    #[cold]
    #[inline(never)]
    fn end(&mut self) -> Option<R> {
        self.shut_down();
        if let Some(payload) = self.control.take_panic() {
            resume_unwind(payload);
        }
        None
    }
}

impl<Receive, Workers: RunWorkers> Drop for RunResults<Receive, Workers> {
    fn drop(&mut self) {
        self.shut_down();
    }
}
