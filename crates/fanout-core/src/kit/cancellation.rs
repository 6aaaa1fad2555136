//! [`Cancellation`]: what keeps an async run's futures from being polled once its consumer
//! has gone, and turns their panics into values.

use std::future::{Future, poll_fn};
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::pin::pin;
use std::task::Poll;

use crate::sync::{Arc, AtomicBool, AtomicUsize, Ordering, thread};

use super::PanicPayload;

/// How one guarded future ended.
#[derive(Debug)]
pub enum Guarded<T> {
    /// It completed with this output.
    Done(T),
    /// A poll of it panicked with this payload.
    Panicked(PanicPayload),
    /// The run was cancelled first; it was dropped without being polled again.
    Cancelled,
}

/// The cancel flag of one async run, shared by its tasks and its consumer's end.
///
/// Every poll of the run's input and work futures goes through [`guard`](Cancellation::guard),
/// which polls only while the run is live. [`cancel`](Cancellation::cancel) sets the flag
/// and then waits for the polls already in progress on other threads to return, so that
/// once it has returned no future of the run is polled again. Aborting a tokio task alone
/// does not give that: a task polled on another worker thread at the time finishes its
/// poll, and that poll may start polling a new work future.
///
/// A poll announces itself in a counter and then reads the flag; `cancel` sets the flag and
/// then reads the counter. Both in `SeqCst`, so whichever comes second sees the other.
#[derive(Debug, Default)]
pub struct Cancellation {
    cancelled: AtomicBool,
    polls_in_progress: AtomicUsize,
}

impl Cancellation {
    /// A fresh flag for one run.
    pub fn new() -> Arc<Cancellation> {
        Arc::default()
    }

    /// Whether the run has been cancelled.
    pub fn is_cancelled(&self) -> bool {
        self.cancelled.load(Ordering::SeqCst)
    }

    /// Cancels the run: no guarded future is polled after this returns.
    ///
    /// It waits for the guarded polls in progress on other threads, which is one poll of a
    /// future at most each: async work polls briefly, so this wait is short. On a
    /// current-thread runtime no other poll can be in progress and it returns at once.
    pub fn cancel(&self) {
        self.cancelled.store(true, Ordering::SeqCst);
        while self.polls_in_progress.load(Ordering::SeqCst) != 0 {
            thread::yield_now();
        }
    }

    /// Awaits `future` while the run is live: its output, its panic's payload, or
    /// [`Guarded::Cancelled`] at its first poll after the run was cancelled.
    pub async fn guard<F: Future>(&self, future: F) -> Guarded<F::Output> {
        let mut future = pin!(future);
        poll_fn(|cx| {
            self.polls_in_progress.fetch_add(1, Ordering::SeqCst);
            let _leaving = LeavePoll(&self.polls_in_progress);
            if self.cancelled.load(Ordering::SeqCst) {
                return Poll::Ready(Guarded::Cancelled);
            }
            match catch_unwind(AssertUnwindSafe(|| future.as_mut().poll(cx))) {
                Ok(Poll::Ready(output)) => Poll::Ready(Guarded::Done(output)),
                Ok(Poll::Pending) => Poll::Pending,
                Err(payload) => Poll::Ready(Guarded::Panicked(payload)),
            }
        })
        .await
    }
}

/// Counts a guarded poll as ended when it returns.
struct LeavePoll<'a>(&'a AtomicUsize);

impl Drop for LeavePoll<'_> {
    fn drop(&mut self) {
        self.0.fetch_sub(1, Ordering::SeqCst);
    }
}

#[cfg(all(test, not(loom)))]
mod tests {
    use std::panic::panic_any;
    use std::sync::atomic::AtomicUsize;
    use std::task::{Context, Waker};

    use super::*;

    fn poll_once<F: Future>(future: F) -> Poll<F::Output> {
        pin!(future).poll(&mut Context::from_waker(Waker::noop()))
    }

    #[test]
    fn a_guarded_future_gives_its_output_or_its_panic() {
        let cancellation = Cancellation::new();
        let done = poll_once(cancellation.guard(async { 5 }));
        assert!(matches!(done, Poll::Ready(Guarded::Done(5))));
        let panicked = poll_once(cancellation.guard(async { panic_any(7u8) }));
        let Poll::Ready(Guarded::Panicked(payload)) = panicked else {
            panic!("the panic was not caught");
        };
        assert_eq!(payload.downcast_ref::<u8>(), Some(&7));
    }

    #[test]
    fn nothing_guarded_is_polled_once_cancelled() {
        let cancellation = Cancellation::new();
        let polls = AtomicUsize::new(0);
        let counted = std::future::poll_fn(|_| {
            polls.fetch_add(1, Ordering::SeqCst);
            Poll::<()>::Pending
        });
        let mut guarded = pin!(cancellation.guard(counted));
        let mut context = Context::from_waker(Waker::noop());
        assert!(guarded.as_mut().poll(&mut context).is_pending());
        cancellation.cancel();
        assert!(cancellation.is_cancelled());
        assert!(matches!(
            guarded.as_mut().poll(&mut context),
            Poll::Ready(Guarded::Cancelled)
        ));
        assert_eq!(polls.load(Ordering::SeqCst), 1);
    }
}
