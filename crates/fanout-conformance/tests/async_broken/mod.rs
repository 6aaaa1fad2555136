//! Deliberately broken async engines, each made to break one guarantee of the async
//! contract, built on a correct one (the tokio-tasks engine) so that each breaks that
//! guarantee and as little else as it can.

use std::future::ready;
use std::panic::AssertUnwindSafe;
use std::pin::Pin;
use std::task::{Context, Poll};

use fanout_core::{AsyncFanOutFanIn, AsyncWork, FanConfig};
use fanout_tokio::TokioTasks;
use futures_core::Stream;
use futures_util::{FutureExt, StreamExt, stream};
use tokio::task::AbortHandle;

/// Defines an async engine that wraps [`TokioTasks`] and runs `$body` with the inner
/// engine, the input and `work` bound to the names given; `$extra` items (a `run_ordered`
/// of its own) go into the impl.
macro_rules! wrapping_engine {
    ($(#[$doc:meta])* $name:ident, $label:literal, |$inner:ident, $items:ident, $work:ident| $body:expr $(; $($extra:item)*)?) => {
        $(#[$doc])*
        pub(crate) struct $name(TokioTasks);

        impl AsyncFanOutFanIn for $name {
            const NAME: &'static str = $label;

            fn new(config: FanConfig) -> Self {
                $name(TokioTasks::new(config))
            }

            fn config(&self) -> &FanConfig {
                self.0.config()
            }

            fn in_flight_bound(&self) -> usize {
                self.0.in_flight_bound()
            }

            fn run<S, T, R, F>(&self, $items: S, $work: F) -> impl Stream<Item = R> + Send + 'static
            where
                S: Stream<Item = T> + Send + 'static,
                T: Send + 'static,
                R: Send + 'static,
                F: AsyncWork<T, R>,
            {
                let $inner = &self.0;
                $body
            }

            $($($extra)*)?
        }
    };
}

wrapping_engine!(
    /// Drops the sixth result of `run` instead of handing it over.
    LosesAResult,
    "loses-a-result",
    |inner, items, work| inner
        .run(items, work)
        .enumerate()
        .filter_map(|(position, result)| ready((position != 5).then_some(result)))
);

wrapping_engine!(
    /// Drains the input into an unbounded queue on a task of its own, as fast as the
    /// runtime lets it, and feeds the engine from there.
    PullsEagerly,
    "pulls-eagerly",
    |inner, items, work| {
        let (sender, receiver) = tokio::sync::mpsc::unbounded_channel();
        let drain = tokio::spawn(async move {
            let mut items = Box::pin(items);
            while let Some(item) = items.next().await {
                if sender.send(item).is_err() {
                    break;
                }
                tokio::task::yield_now().await;
            }
        });
        let queued = stream::unfold(receiver, |mut receiver| async move {
            receiver.recv().await.map(|item| (item, receiver))
        });
        AbortsOnDrop {
            results: Box::pin(inner.run(queued, work)),
            task: drain.abort_handle(),
        }
    }
);

wrapping_engine!(
    /// Calls every work future with the id one beyond `workers`.
    IdBeyondWorkers,
    "id-beyond-workers",
    |inner, items, work| {
        let beyond = inner.config().workers.get() + 1;
        inner.run(items, move |_, item| work(beyond, item))
    }
);

wrapping_engine!(
    /// Forwards the results from a task of its own, which goes on polling the run after
    /// the consumer has dropped the stream, until it next has a result to send.
    KeepsPolling,
    "keeps-polling",
    |inner, items, work| {
        let (sender, receiver) = tokio::sync::mpsc::unbounded_channel();
        let mut results = Box::pin(inner.run(items, work));
        tokio::spawn(async move {
            while let Some(result) = results.next().await {
                if sender.send(result).is_err() {
                    break;
                }
            }
        });
        stream::unfold(receiver, |mut receiver| async move {
            receiver.recv().await.map(|result| (result, receiver))
        })
    }
);

wrapping_engine!(
    /// Starts a task with each run that never ends.
    LeavesATask,
    "leaves-a-task",
    |inner, items, work| {
        tokio::spawn(std::future::pending::<()>());
        inner.run(items, work)
    }
);

wrapping_engine!(
    /// Catches panics in work futures and skips those items.
    SwallowsPanics,
    "swallows-panics",
    |inner, items, work| inner
        .run(items, move |worker, item| {
            AssertUnwindSafe(work(worker, item)).catch_unwind().map(Result::ok)
        })
        .filter_map(ready)
);

wrapping_engine!(
    /// Forgets every tenth result of `run` instead of handing it over or dropping it.
    LeaksResults,
    "leaks-results",
    |inner, items, work| inner
        .run(items, work)
        .enumerate()
        .filter_map(|(position, result)| {
            if position % 10 == 3 {
                std::mem::forget(result);
                ready(None)
            } else {
                ready(Some(result))
            }
        })
);

wrapping_engine!(
    /// Its `run_ordered` is its `run`: results in the order they complete.
    Unordered,
    "unordered",
    |inner, items, work| inner.run(items, work);
    fn run_ordered<S, T, R, F>(&self, items: S, work: F) -> impl Stream<Item = R> + Send + 'static
    where
        S: Stream<Item = T> + Send + 'static,
        T: Send + 'static,
        R: Send + 'static,
        F: AsyncWork<T, R>,
    {
        self.0.run(items, work)
    }
);

/// Runs one work future more than `workers` at once: an engine of `workers + 1` tasks,
/// its ids folded back into `1..=workers`.
pub(crate) struct OneFutureTooMany {
    config: FanConfig,
    inner: TokioTasks,
}

impl AsyncFanOutFanIn for OneFutureTooMany {
    const NAME: &'static str = "one-future-too-many";

    fn new(config: FanConfig) -> Self {
        let wider = FanConfig::new(config.workers.get() + 1)
            .expect("more than zero workers")
            .with_capacity(config.capacity);
        OneFutureTooMany {
            config,
            inner: TokioTasks::new(wider),
        }
    }

    fn config(&self) -> &FanConfig {
        &self.config
    }

    fn in_flight_bound(&self) -> usize {
        self.inner.in_flight_bound()
    }

    fn run<S, T, R, F>(&self, items: S, work: F) -> impl Stream<Item = R> + Send + 'static
    where
        S: Stream<Item = T> + Send + 'static,
        T: Send + 'static,
        R: Send + 'static,
        F: AsyncWork<T, R>,
    {
        let workers = self.config.workers.get();
        self.inner
            .run(items, move |id, item| work((id - 1) % workers + 1, item))
    }
}

/// Runs one work future at a time whatever its configuration says: an engine of one task.
pub(crate) struct OneAtATime {
    config: FanConfig,
    inner: TokioTasks,
}

impl AsyncFanOutFanIn for OneAtATime {
    const NAME: &'static str = "one-at-a-time";

    fn new(config: FanConfig) -> Self {
        let one = FanConfig::new(1)
            .expect("one worker")
            .with_capacity(config.capacity);
        OneAtATime {
            config,
            inner: TokioTasks::new(one),
        }
    }

    fn config(&self) -> &FanConfig {
        &self.config
    }

    fn in_flight_bound(&self) -> usize {
        self.inner.in_flight_bound()
    }

    fn run<S, T, R, F>(&self, items: S, work: F) -> impl Stream<Item = R> + Send + 'static
    where
        S: Stream<Item = T> + Send + 'static,
        T: Send + 'static,
        R: Send + 'static,
        F: AsyncWork<T, R>,
    {
        self.inner.run(items, work)
    }
}

/// States the in-flight bound of its configuration, but orders its results with the gate
/// of an engine with 64 more slots in its channel, so the reorder buffer outgrows the
/// stated bound behind a slow head item. Its `run` is sound.
pub(crate) struct OrderedGateTooWide {
    inner: TokioTasks,
    wide: TokioTasks,
}

impl AsyncFanOutFanIn for OrderedGateTooWide {
    const NAME: &'static str = "ordered-gate-too-wide";

    fn new(config: FanConfig) -> Self {
        let wide = config.clone().with_capacity(config.capacity + 64);
        OrderedGateTooWide {
            inner: TokioTasks::new(config),
            wide: TokioTasks::new(wide),
        }
    }

    fn config(&self) -> &FanConfig {
        self.inner.config()
    }

    fn in_flight_bound(&self) -> usize {
        self.inner.in_flight_bound()
    }

    fn run<S, T, R, F>(&self, items: S, work: F) -> impl Stream<Item = R> + Send + 'static
    where
        S: Stream<Item = T> + Send + 'static,
        T: Send + 'static,
        R: Send + 'static,
        F: AsyncWork<T, R>,
    {
        self.inner.run(items, work)
    }

    fn run_ordered<S, T, R, F>(&self, items: S, work: F) -> impl Stream<Item = R> + Send + 'static
    where
        S: Stream<Item = T> + Send + 'static,
        T: Send + 'static,
        R: Send + 'static,
        F: AsyncWork<T, R>,
    {
        self.wide.run_ordered(items, work)
    }
}

/// Keeps a multi-thread runtime of its own and runs every run's tasks there, whatever
/// runtime its caller is in.
pub(crate) struct HiddenRuntime {
    inner: TokioTasks,
    /// Always `Some` until the engine is dropped; `Drop` takes it to shut it down.
    runtime: Option<tokio::runtime::Runtime>,
}

impl AsyncFanOutFanIn for HiddenRuntime {
    const NAME: &'static str = "hidden-runtime";

    fn new(config: FanConfig) -> Self {
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(1)
            .build()
            .expect("a runtime of one thread starts");
        HiddenRuntime {
            inner: TokioTasks::new(config),
            runtime: Some(runtime),
        }
    }

    fn config(&self) -> &FanConfig {
        self.inner.config()
    }

    fn in_flight_bound(&self) -> usize {
        self.inner.in_flight_bound()
    }

    fn run<S, T, R, F>(&self, items: S, work: F) -> impl Stream<Item = R> + Send + 'static
    where
        S: Stream<Item = T> + Send + 'static,
        T: Send + 'static,
        R: Send + 'static,
        F: AsyncWork<T, R>,
    {
        let runtime = self
            .runtime
            .as_ref()
            .expect("kept until the engine is dropped");
        let _hidden = runtime.enter();
        self.inner.run(items, work)
    }
}

impl Drop for HiddenRuntime {
    fn drop(&mut self) {
        // Dropped inside the checks' async code, where a runtime must not block to stop.
        if let Some(runtime) = self.runtime.take() {
            runtime.shutdown_background();
        }
    }
}

/// A stream that aborts a task of its run when it is dropped.
struct AbortsOnDrop<St> {
    results: Pin<Box<St>>,
    task: AbortHandle,
}

impl<St: Stream> Stream for AbortsOnDrop<St> {
    type Item = St::Item;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<St::Item>> {
        self.results.as_mut().poll_next(cx)
    }
}

impl<St> Drop for AbortsOnDrop<St> {
    fn drop(&mut self) {
        self.task.abort();
    }
}
