//! [`AsyncProbe`]: counts what crosses an async engine's input and which work futures are
//! in progress, and notices any poll of them after the consumer has dropped the run.

use std::collections::BTreeSet;
use std::future::Future;
use std::pin::Pin;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, PoisonError};
use std::task::{Context, Poll};

use fanout_core::WorkerId;
use futures_core::Stream;

/// Counts, shared between a check and the input stream, `work` and work futures it hands
/// an async engine.
#[derive(Debug, Default)]
pub(crate) struct AsyncProbe {
    pulled: AtomicUsize,
    received: AtomicUsize,
    in_progress: AtomicUsize,
    most_in_progress: AtomicUsize,
    ids: Mutex<Ids>,
    consumer_gone: AtomicBool,
    polls_after_drop: AtomicUsize,
    inputs_alive: AtomicUsize,
    works_alive: AtomicUsize,
}

/// The worker ids work was called with, and those held by futures in progress now.
#[derive(Debug, Default)]
struct Ids {
    seen: BTreeSet<WorkerId>,
    in_use: BTreeSet<WorkerId>,
    /// The first id that a future was called with while another in progress held it.
    shared: Option<WorkerId>,
}

impl AsyncProbe {
    pub(crate) fn new() -> Arc<AsyncProbe> {
        Arc::default()
    }

    /// Items the engine has taken from a probed input.
    pub(crate) fn pulled(&self) -> usize {
        self.pulled.load(Ordering::SeqCst)
    }

    /// Counts one result received by the consumer and returns how many items are now in
    /// flight: taken from the input, result not yet received.
    pub(crate) fn receive(&self) -> usize {
        let received = self.received.fetch_add(1, Ordering::SeqCst) + 1;
        self.pulled().saturating_sub(received)
    }

    /// Work futures in progress now: `work` called, future neither completed nor dropped.
    pub(crate) fn in_progress(&self) -> usize {
        self.in_progress.load(Ordering::SeqCst)
    }

    /// The most work futures ever in progress at once.
    pub(crate) fn most_in_progress(&self) -> usize {
        self.most_in_progress.load(Ordering::SeqCst)
    }

    /// Every id `work` was called with.
    pub(crate) fn ids_seen(&self) -> BTreeSet<WorkerId> {
        self.ids().seen.clone()
    }

    /// The first id two futures in progress held at once, if any.
    pub(crate) fn shared_id(&self) -> Option<WorkerId> {
        self.ids().shared
    }

    fn ids(&self) -> std::sync::MutexGuard<'_, Ids> {
        self.ids.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// From now on every poll of a probed input or work future counts as one after the
    /// drop.
    pub(crate) fn consumer_has_gone(&self) {
        self.consumer_gone.store(true, Ordering::SeqCst);
    }

    /// Polls of probed inputs and work futures since [`consumer_has_gone`](Self::consumer_has_gone).
    pub(crate) fn polls_after_drop(&self) -> usize {
        self.polls_after_drop.load(Ordering::SeqCst)
    }

    fn count_poll(&self) {
        if self.consumer_gone.load(Ordering::SeqCst) {
            self.polls_after_drop.fetch_add(1, Ordering::SeqCst);
        }
    }

    /// Probed inputs and `work` closures not yet dropped, as (inputs, works).
    pub(crate) fn alive(&self) -> (usize, usize) {
        (
            self.inputs_alive.load(Ordering::SeqCst),
            self.works_alive.load(Ordering::SeqCst),
        )
    }

    /// Wraps `items` so that items taken and polls are counted and its drop is seen.
    pub(crate) fn input<S: Stream>(self: &Arc<Self>, items: S) -> ProbedStream<S> {
        self.inputs_alive.fetch_add(1, Ordering::SeqCst);
        ProbedStream {
            items: Box::pin(items),
            probe: Arc::clone(self),
        }
    }

    /// Wraps `work` so that its futures in progress, their ids and their polls are counted
    /// and its drop is seen.
    pub(crate) fn work<T, R, F, Fut>(
        self: &Arc<Self>,
        work: F,
    ) -> impl Fn(WorkerId, T) -> ProbedFuture<Fut> + Send + Sync + 'static
    where
        F: Fn(WorkerId, T) -> Fut + Send + Sync + 'static,
        Fut: Future<Output = R>,
    {
        self.works_alive.fetch_add(1, Ordering::SeqCst);
        let alive = WorkAlive(Arc::clone(self));
        move |worker, item| {
            let probe = &alive.0;
            // Made before `work` is called, so that a call that panics ends it too.
            let progress = InProgress::start(probe, worker);
            ProbedFuture {
                inner: Box::pin(work(worker, item)),
                progress: Some(progress),
                probe: Arc::clone(probe),
            }
        }
    }
}

/// Counts a probed `work` closure as alive until it is dropped.
struct WorkAlive(Arc<AsyncProbe>);

impl Drop for WorkAlive {
    fn drop(&mut self) {
        self.0.works_alive.fetch_sub(1, Ordering::SeqCst);
    }
}

/// A probed input stream.
pub(crate) struct ProbedStream<S> {
    items: Pin<Box<S>>,
    probe: Arc<AsyncProbe>,
}

impl<S: Stream> Stream for ProbedStream<S> {
    type Item = S::Item;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<S::Item>> {
        self.probe.count_poll();
        let polled = self.items.as_mut().poll_next(cx);
        if let Poll::Ready(Some(_)) = polled {
            self.probe.pulled.fetch_add(1, Ordering::SeqCst);
        }
        polled
    }
}

impl<S> Drop for ProbedStream<S> {
    fn drop(&mut self) {
        self.probe.inputs_alive.fetch_sub(1, Ordering::SeqCst);
    }
}

/// One work future in progress, from the call of `work` until the future completes or is
/// dropped.
struct InProgress {
    probe: Arc<AsyncProbe>,
    worker: WorkerId,
}

impl InProgress {
    fn start(probe: &Arc<AsyncProbe>, worker: WorkerId) -> InProgress {
        let now = probe.in_progress.fetch_add(1, Ordering::SeqCst) + 1;
        probe.most_in_progress.fetch_max(now, Ordering::SeqCst);
        let mut ids = probe.ids();
        ids.seen.insert(worker);
        if !ids.in_use.insert(worker) && ids.shared.is_none() {
            ids.shared = Some(worker);
        }
        drop(ids);
        InProgress {
            probe: Arc::clone(probe),
            worker,
        }
    }
}

impl Drop for InProgress {
    fn drop(&mut self) {
        self.probe.ids().in_use.remove(&self.worker);
        self.probe.in_progress.fetch_sub(1, Ordering::SeqCst);
    }
}

/// A probed work future.
pub(crate) struct ProbedFuture<Fut> {
    inner: Pin<Box<Fut>>,
    /// `Some` while in progress; taken when the future completes.
    progress: Option<InProgress>,
    probe: Arc<AsyncProbe>,
}

impl<Fut: Future> Future for ProbedFuture<Fut> {
    type Output = Fut::Output;

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Fut::Output> {
        self.probe.count_poll();
        let polled = self.inner.as_mut().poll(cx);
        if polled.is_ready() {
            self.progress = None;
        }
        polled
    }
}
