//! [`TaskResults`]: the consumer's end of an async run on tokio tasks.

use std::panic::resume_unwind;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};

use fanout_core::kit::{Cancellation, PanicPayload};
use futures_core::Stream;
use tokio::sync::mpsc;
use tokio::task::JoinSet;

/// What a task of the run sends the consumer: a result, or the panic that ends the run.
pub(crate) enum Outcome<R> {
    Done(R),
    Panicked(PanicPayload),
}

/// The stream an async run on tokio tasks returns: results as the tasks send them; a panic
/// a task caught, resumed at the consumer's poll once the run is cancelled; then the end.
///
/// Dropping it cancels the run: no future of the run is polled once the drop returns
/// ([`Cancellation`]), and the run's tasks are aborted, so that they end (dropping the
/// items and results they hold) at the runtime's next turn.
pub(crate) struct TaskResults<R> {
    results: mpsc::Receiver<Outcome<R>>,
    cancellation: Arc<Cancellation>,
    /// Dropping a `JoinSet` aborts every task in it.
    tasks: JoinSet<()>,
    ended: bool,
}

impl<R> TaskResults<R> {
    pub(crate) fn new(
        results: mpsc::Receiver<Outcome<R>>,
        cancellation: Arc<Cancellation>,
        tasks: JoinSet<()>,
    ) -> Self {
        TaskResults {
            results,
            cancellation,
            tasks,
            ended: false,
        }
    }

    fn cancel(&mut self) {
        self.ended = true;
        self.cancellation.cancel();
        self.tasks.abort_all();
    }
}

impl<R> Stream for TaskResults<R> {
    type Item = R;

    fn poll_next(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<R>> {
        let this = self.get_mut();
        if this.ended {
            return Poll::Ready(None);
        }
        match this.results.poll_recv(cx) {
            Poll::Ready(Some(Outcome::Done(result))) => Poll::Ready(Some(result)),
            Poll::Ready(Some(Outcome::Panicked(payload))) => {
                this.cancel();
                resume_unwind(payload)
            }
            // Every task has dropped its sender: the input has ended and every result is in.
            Poll::Ready(None) => {
                this.ended = true;
                Poll::Ready(None)
            }
            Poll::Pending => Poll::Pending,
        }
    }
}

impl<R> Drop for TaskResults<R> {
    fn drop(&mut self) {
        self.cancel();
    }
}
