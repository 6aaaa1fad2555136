//! The async `run_ordered`, written once for every async engine: number the items, reorder
//! the results, and gate the input stream so the reorder buffer stays inside the engine's
//! in-flight bound.

use std::collections::VecDeque;
use std::panic::{AssertUnwindSafe, catch_unwind, resume_unwind};
use std::pin::Pin;
use std::sync::PoisonError;
use std::task::{Context, Poll, Waker};

use futures_core::Stream;

use crate::flaw::{Flaw, flawed};
use crate::sync::{Arc, Mutex};
use crate::{AsyncFanOutFanIn, AsyncWork};

pub(crate) fn run_ordered<E, S, T, R, F>(
    engine: &E,
    items: S,
    work: F,
) -> impl Stream<Item = R> + Send + 'static
where
    E: AsyncFanOutFanIn,
    S: Stream<Item = T> + Send + 'static,
    T: Send + 'static,
    R: Send + 'static,
    F: AsyncWork<T, R>,
{
    let gate = Arc::new(StreamGate::new(engine.in_flight_bound()));
    let input = GatedStream {
        items: Box::pin(items),
        gate: Arc::clone(&gate),
        pulled: 0,
    };
    let numbered = engine.run(input, move |worker, (index, item)| {
        let result = work(worker, item);
        async move { (index, result.await) }
    });
    Ordered {
        numbered: Box::pin(numbered),
        gate,
        yielded: 0,
        pending: VecDeque::new(),
        ended: false,
    }
}

/// Admits input item `index` only while `index < yielded + window`, so that items pulled
/// but not yet yielded in order (in the engine or in the reorder buffer) never exceed the
/// window. The input stream answers `Pending` at a shut gate and is woken by the consumer,
/// one item at a time.
///
/// No engine waits on the gate to stop: cancelling an async run drops whatever polls the
/// input, so unlike the blocking gate this one needs no closing when `work` panics.
pub(crate) struct StreamGate {
    window: u64,
    state: Mutex<GateState>,
}

struct GateState {
    yielded: u64,
    closed: bool,
    /// Who polled the input at a shut gate, woken when it opens.
    waiting: Option<Waker>,
}

impl StreamGate {
    pub(crate) fn new(window: usize) -> StreamGate {
        StreamGate {
            window: window.max(1) as u64,
            state: Mutex::new(GateState {
                yielded: 0,
                closed: false,
                waiting: None,
            }),
        }
    }

    fn state(&self) -> crate::sync::MutexGuard<'_, GateState> {
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// `Ready(true)` when item `index` may be pulled, `Ready(false)` once the consumer has
    /// gone, `Pending` (with `waker` kept) while the window is full.
    pub(crate) fn admit(&self, index: u64, waker: &Waker) -> Poll<bool> {
        let mut state = self.state();
        if state.closed {
            return Poll::Ready(false);
        }
        if index < state.yielded + self.window {
            return Poll::Ready(true);
        }
        if !flawed(Flaw::StreamGateKeepsNoWaker) {
            state.waiting = Some(waker.clone());
        }
        Poll::Pending
    }

    /// The consumer yielded one more item in order.
    pub(crate) fn advance(&self) {
        let waiting = {
            let mut state = self.state();
            state.yielded += 1;
            state.waiting.take()
        };
        // Woken outside the lock: a waker may run the input's task on this thread.
        if let Some(waker) = waiting {
            waker.wake();
        }
    }

    /// The consumer has gone: the input is pulled no more.
    pub(crate) fn close(&self) {
        let waiting = {
            let mut state = self.state();
            state.closed = true;
            state.waiting.take()
        };
        if let Some(waker) = waiting {
            waker.wake();
        }
    }
}

/// The input stream, numbered from 0 and held back by the gate.
struct GatedStream<S> {
    items: Pin<Box<S>>,
    gate: Arc<StreamGate>,
    pulled: u64,
}

impl<S: Stream> Stream for GatedStream<S> {
    type Item = (u64, S::Item);

    fn poll_next(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        let this = self.get_mut();
        match this.gate.admit(this.pulled, cx.waker()) {
            Poll::Pending => return Poll::Pending,
            Poll::Ready(false) => return Poll::Ready(None),
            Poll::Ready(true) => {}
        }
        match this.items.as_mut().poll_next(cx) {
            Poll::Ready(Some(item)) => {
                let index = this.pulled;
                this.pulled += 1;
                Poll::Ready(Some((index, item)))
            }
            Poll::Ready(None) => Poll::Ready(None),
            Poll::Pending => Poll::Pending,
        }
    }
}

/// Results of the numbered run, put back in input order.
struct Ordered<St, R> {
    numbered: Pin<Box<St>>,
    gate: Arc<StreamGate>,
    yielded: u64,
    /// `pending[k]` holds the result of item `yielded + k` once it has arrived.
    pending: VecDeque<Option<R>>,
    /// Set once the run has ended, normally or by a panic: nothing more is yielded.
    ended: bool,
}

// Results are moved in and out of the buffer, never pinned: the stream is `Unpin` whatever
// `R` is, and the engine's stream, which may not be, is pinned in its own box.
impl<St, R> Unpin for Ordered<St, R> {}

impl<St, R> Ordered<St, R> {
    fn yield_head(&mut self) -> Option<R> {
        let head = self.pending.pop_front().flatten();
        self.yielded += 1;
        self.gate.advance();
        head
    }
}

impl<St, R> Stream for Ordered<St, R>
where
    St: Stream<Item = (u64, R)>,
{
    type Item = R;

    fn poll_next(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<R>> {
        let this = self.get_mut();
        loop {
            if let Some(Some(_)) = this.pending.front() {
                return Poll::Ready(this.yield_head());
            }
            if this.ended {
                return Poll::Ready(None);
            }
            // A panic resumed by the run ends this stream too: results buffered behind the
            // panic are dropped, not yielded after it.
            let polled = catch_unwind(AssertUnwindSafe(|| this.numbered.as_mut().poll_next(cx)));
            let polled = polled.unwrap_or_else(|payload| {
                this.ended = true;
                this.gate.close();
                drop_each_quietly(std::mem::take(&mut this.pending));
                resume_unwind(payload)
            });
            match polled {
                Poll::Pending => return Poll::Pending,
                Poll::Ready(Some((index, result))) => {
                    // An index behind the head is a duplicate from a broken engine: passed
                    // on as it is, so that the duplicate shows rather than vanishes.
                    let Some(offset) = index
                        .checked_sub(this.yielded)
                        .and_then(|offset| usize::try_from(offset).ok())
                    else {
                        return Poll::Ready(Some(result));
                    };
                    if offset >= this.pending.len() {
                        this.pending.resize_with(offset + 1, || None);
                    }
                    this.pending[offset] = Some(result);
                }
                // An engine that lost an item leaves a hole: yield what did arrive, in
                // order, so the loss shows as a missing result and not as several.
                Poll::Ready(None) => {
                    this.ended = true;
                    while !this.pending.is_empty() {
                        if let Some(result) = this.yield_head() {
                            return Poll::Ready(Some(result));
                        }
                    }
                }
            }
        }
    }
}

impl<St, R> Drop for Ordered<St, R> {
    fn drop(&mut self) {
        // Shut the input for good before the engine's stream is dropped, so nothing polls
        // it again whatever the engine does with its tasks.
        self.gate.close();
        drop_each_quietly(std::mem::take(&mut self.pending));
    }
}

/// Drops results that will never be yielded, each on its own, swallowing a panic in their
/// `Drop`: the consumer has gone or is getting the run's first panic, and this may run
/// during unwinding, where a panic escaping a `drop` aborts the process.
fn drop_each_quietly<R>(pending: VecDeque<Option<R>>) {
    for result in pending {
        let _ = catch_unwind(AssertUnwindSafe(move || drop(result)));
    }
}

#[cfg(all(test, not(loom)))]
mod tests {
    use std::sync::atomic::{AtomicUsize, Ordering};
    use std::task::Wake;

    use super::*;

    /// A waker that counts its wake-ups.
    #[derive(Default)]
    struct Wakes(AtomicUsize);

    impl Wake for Wakes {
        fn wake(self: Arc<Self>) {
            self.0.fetch_add(1, Ordering::SeqCst);
        }
    }

    #[test]
    fn the_gate_admits_a_window_ahead_and_wakes_the_input_as_it_opens_and_closes() {
        let gate = StreamGate::new(2);
        let wakes = Arc::new(Wakes::default());
        let waker = Waker::from(Arc::clone(&wakes));
        assert_eq!(gate.admit(0, &waker), Poll::Ready(true));
        assert_eq!(gate.admit(1, &waker), Poll::Ready(true));
        assert_eq!(gate.admit(2, &waker), Poll::Pending);
        gate.advance();
        assert_eq!(
            wakes.0.load(Ordering::SeqCst),
            1,
            "woken as the window opened"
        );
        assert_eq!(gate.admit(2, &waker), Poll::Ready(true));
        assert_eq!(gate.admit(3, &waker), Poll::Pending);
        gate.close();
        assert_eq!(
            wakes.0.load(Ordering::SeqCst),
            2,
            "woken as the gate closed"
        );
        assert_eq!(gate.admit(3, &waker), Poll::Ready(false));
    }
}
