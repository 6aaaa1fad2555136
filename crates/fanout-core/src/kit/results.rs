//! [`RunResults`]: the consumer's end of a run.

use std::panic::resume_unwind;
use std::sync::Arc;

use super::RunControl;

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
/// and waits for the workers.
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
        self.receive = None;
        self.workers.wait_stopped();
    }
}

impl<R, Receive, Workers> Iterator for RunResults<Receive, Workers>
where
    Receive: FnMut() -> Option<R>,
    Workers: RunWorkers,
{
    type Item = R;

    fn next(&mut self) -> Option<R> {
        let receive = self.receive.as_mut()?;
        if let Some(result) = receive() {
            return Some(result);
        }
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
