//! A minimal `block_on` for the consumer's side, usable from any thread, inside a tokio
//! runtime or not.
//!
//! `Receiver::blocking_recv` panics when called from async code ("Cannot block the current
//! thread from within a runtime"), and an `Iterator` has to block. Polling the future here,
//! with a waker that unparks this thread, needs no runtime at all. The future is wrapped
//! in `unconstrained` so that tokio's cooperative budget, which belongs to whatever task
//! the consumer may be running in, never makes it return `Pending` for ever.

use std::future::Future;
use std::pin::pin;
use std::sync::Arc;
use std::task::{Context, Poll, Wake, Waker};
use std::thread::{self, Thread};

struct Unparker(Thread);

impl Wake for Unparker {
    fn wake(self: Arc<Self>) {
        self.0.unpark();
    }

    fn wake_by_ref(self: &Arc<Self>) {
        self.0.unpark();
    }
}

thread_local! {
    /// One waker per consuming thread, made on first use, so a `next()` allocates nothing.
    static THIS_THREAD: Waker = Waker::from(Arc::new(Unparker(thread::current())));
}

/// Polls `future` to completion on this thread, parking between polls.
pub(crate) fn block_on<F: Future>(future: F) -> F::Output {
    let mut future = pin!(tokio::task::unconstrained(future));
    THIS_THREAD.with(|waker| {
        let mut context = Context::from_waker(waker);
        loop {
            match future.as_mut().poll(&mut context) {
                Poll::Ready(output) => return output,
                // A spurious wake-up only costs one more poll.
                Poll::Pending => thread::park(),
            }
        }
    })
}
