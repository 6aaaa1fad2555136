//! [`Cancellation`]: what keeps an async run's futures from being polled once its consumer
//! has gone, and turns their panics into values.

use std::future::{Future, poll_fn};
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::pin::pin;
use std::task::Poll;

use crate::flaw::{Flaw, flawed};
use crate::sync::{Arc, AtomicUsize, Ordering, thread};

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
/// The flag and the count of polls in progress share one atomic word, so that a poll
/// announces itself and reads the flag in one read-modify-write, and `cancel` sets the flag
/// and reads the count in another: the word's single order of modifications decides which
/// came first, and the later one sees the earlier. (Two words would need `SeqCst`'s single
/// order across them, which the loom models cannot check.)
#[derive(Debug, Default)]
pub struct Cancellation {
    /// [`CANCELLED`], plus [`ONE_POLL`] for each guarded poll in progress.
    state: AtomicUsize,
}

/// The bit of [`Cancellation::state`] that `cancel` sets.
const CANCELLED: usize = 1;

/// What each guarded poll in progress adds to [`Cancellation::state`].
const ONE_POLL: usize = 2;

impl Cancellation {
    /// A fresh flag for one run.
    pub fn new() -> Arc<Cancellation> {
        Arc::default()
    }

    /// Whether the run has been cancelled.
    pub fn is_cancelled(&self) -> bool {
        self.state.load(Ordering::Acquire) & CANCELLED != 0
    }

    /// Cancels the run: no guarded future is polled after this returns.
    ///
    /// It waits for the guarded polls in progress on other threads, which is one poll of a
    /// future at most each: async work polls briefly, so this wait is short. On a
    /// current-thread runtime no other poll can be in progress and it returns at once.
    pub fn cancel(&self) {
        // Every poll announced before this sees no flag and is waited for; every later one
        // sees the flag and polls nothing. The wait acquires what each poll's end released,
        // so whatever the polls did happens before this returns.
        self.state.fetch_or(CANCELLED, Ordering::AcqRel);
        while self.state.load(Ordering::Acquire) >= ONE_POLL {
            thread::yield_now();
        }
    }

    /// Starts one guarded poll: `None`, and no poll, once the run has been cancelled.
    pub(crate) fn start_poll(&self) -> Option<PollInProgress<'_>> {
        // The flawed variant decides on the flag as read before the poll was announced.
        let read_first =
            flawed(Flaw::PollChecksBeforeAnnouncing).then(|| self.state.load(Ordering::Acquire));
        // Relaxed is enough to decide: the word's order of modifications puts this before
        // or after `cancel`'s flag, and that is all this read needs to know.
        let before = self.state.fetch_add(ONE_POLL, Ordering::Relaxed);
        let poll = PollInProgress(self);
        (read_first.unwrap_or(before) & CANCELLED == 0).then_some(poll)
    }

    /// Awaits `future` while the run is live: its output, its panic's payload, or
    /// [`Guarded::Cancelled`] at its first poll after the run was cancelled.
    pub async fn guard<F: Future>(&self, future: F) -> Guarded<F::Output> {
        let mut future = pin!(future);
        poll_fn(|cx| {
            let Some(_poll) = self.start_poll() else {
                return Poll::Ready(Guarded::Cancelled);
            };
            match catch_unwind(AssertUnwindSafe(|| future.as_mut().poll(cx))) {
                Ok(Poll::Ready(output)) => Poll::Ready(Guarded::Done(output)),
                Ok(Poll::Pending) => Poll::Pending,
                Err(payload) => Poll::Ready(Guarded::Panicked(payload)),
            }
        })
        .await
    }
}

/// One guarded poll in progress: counted as ended when dropped, also when the poll panics.
pub(crate) struct PollInProgress<'a>(&'a Cancellation);

impl Drop for PollInProgress<'_> {
    fn drop(&mut self) {
        // Release: `cancel`'s wait acquires it, so the poll happens before `cancel` returns.
        let ordering = if flawed(Flaw::PollEndsRelaxed) {
            Ordering::Relaxed
        } else {
            Ordering::Release
        };
        self.0.state.fetch_sub(ONE_POLL, ordering);
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
