//! [`TokioTasks`]: async work on `workers` tokio tasks that share the input.

use std::future::poll_fn;
use std::pin::Pin;
use std::sync::Arc;

use fanout_core::kit::{Cancellation, Guarded};
use fanout_core::{AsyncFanOutFanIn, AsyncWork, FanConfig, WorkerId};
use futures_core::Stream;
use tokio::runtime::Handle;
use tokio::sync::{Mutex, mpsc};
use tokio::task::JoinSet;

use crate::task_results::{Outcome, TaskResults};
use crate::task_shape::TaskShape;

/// Async work on `workers` tokio tasks spawned on the caller's runtime, which take turns at
/// the input stream behind an async lock and send results over a bounded channel.
///
/// # Strategy
/// `run` spawns `workers` tasks on the runtime it is called in (or the one
/// given to [`with_handle`](TokioTasks::with_handle)). Each loops: lock the input
/// (a `tokio::sync::Mutex`, fair, so the tasks take turns), take one item, unlock, await
/// `work(id, item)`, and send the result over a `tokio::sync::mpsc` channel of `capacity`
/// slots, waiting while it is full. So the input is polled only by a task that has just
/// freed up, and a task's id is its own number in `1..=workers`. The last task to leave
/// drops the last sender, which ends the consumer's stream.
///
/// tokio's bounded mpsc has no rendezvous mode, so capacity 0 is served as capacity 1.
///
/// Dropping the stream cancels the run: no future of it is polled again (see
/// [`Cancellation`]) and its tasks are aborted. A panic in `work` or in the input is caught
/// in the task, sent to the consumer, and resumed at its poll with the same payload.
///
/// # In-flight bound
/// `workers + max(capacity, 1)`: an item or its unsent result in each task, and the
/// channel's results.
///
/// # Example
/// ```
/// use fanout_core::{AsyncFanOutFanIn, FanConfig};
/// use fanout_tokio::TokioTasks;
/// use futures_util::{StreamExt, stream};
///
/// # tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap().block_on(async {
/// let engine = TokioTasks::new(FanConfig::new(4)?.with_capacity(0));
/// assert_eq!(engine.in_flight_bound(), 4 + 1);
/// let doubled = engine.run_ordered(stream::iter(1..=5u64), |_worker, n| async move { n * 2 });
/// assert_eq!(doubled.collect::<Vec<_>>().await, [2, 4, 6, 8, 10]);
/// # Ok::<(), fanout_core::ConfigError>(())
/// # }).unwrap();
/// ```
#[derive(Debug)]
pub struct TokioTasks {
    shape: TaskShape,
}

impl TokioTasks {
    /// The same engine, spawning every run's tasks on the runtime `handle` belongs to, so
    /// that its stream can be consumed from anywhere: another runtime, a `futures`
    /// executor, or a thread blocking on it.
    pub fn with_handle(mut self, handle: Handle) -> Self {
        self.shape.give(handle);
        self
    }
}

impl AsyncFanOutFanIn for TokioTasks {
    const NAME: &'static str = "tokio-tasks";

    fn new(config: FanConfig) -> Self {
        TokioTasks {
            shape: TaskShape::new(config),
        }
    }

    fn config(&self) -> &FanConfig {
        &self.shape.config
    }

    fn in_flight_bound(&self) -> usize {
        self.shape.in_flight_bound()
    }

    /// # Panics
    /// When called outside a tokio runtime by an engine given no
    /// [`Handle`](Self::with_handle): the tasks run on the caller's runtime.
    fn run<S, T, R, F>(&self, items: S, work: F) -> impl Stream<Item = R> + Send + 'static
    where
        S: Stream<Item = T> + Send + 'static,
        T: Send + 'static,
        R: Send + 'static,
        F: AsyncWork<T, R>,
    {
        let runtime = self.shape.runtime(Self::NAME);
        let cancellation = Cancellation::new();
        let input = Arc::new(SharedInput(Mutex::new(Some(Box::pin(items)))));
        let (sender, receiver) = mpsc::channel(self.shape.channel_capacity());
        let work = Arc::new(work);
        let mut tasks = JoinSet::new();
        for worker in 1..=self.shape.config.workers.get() {
            let task = worker_task(
                worker,
                Arc::clone(&input),
                Arc::clone(&work),
                sender.clone(),
                Arc::clone(&cancellation),
            );
            tasks.spawn_on(task, &runtime);
        }
        TaskResults::new(receiver, cancellation, tasks)
    }
}

/// The input stream, taken from by one task at a time; `None` once it has ended, panicked
/// or been cancelled, so that it is dropped then and never polled again.
struct SharedInput<S>(Mutex<Option<Pin<Box<S>>>>);

impl<S: Stream> SharedInput<S> {
    /// The next item, when this task's turn at the input comes.
    async fn next(&self, cancellation: &Cancellation) -> Guarded<Option<S::Item>> {
        let mut input = self.0.lock().await;
        let Some(stream) = input.as_mut() else {
            return Guarded::Done(None);
        };
        let next = cancellation
            .guard(poll_fn(|cx| stream.as_mut().poll_next(cx)))
            .await;
        if !matches!(next, Guarded::Done(Some(_))) {
            *input = None;
        }
        next
    }
}

/// One worker: takes an item, awaits its work, sends the result, until the input ends, the
/// consumer goes, or something panics.
async fn worker_task<S, T, R, F>(
    worker: WorkerId,
    input: Arc<SharedInput<S>>,
    work: Arc<F>,
    results: mpsc::Sender<Outcome<R>>,
    cancellation: Arc<Cancellation>,
) where
    S: Stream<Item = T>,
    F: AsyncWork<T, R>,
{
    loop {
        let item = match input.next(&cancellation).await {
            Guarded::Done(Some(item)) => item,
            Guarded::Done(None) | Guarded::Cancelled => return,
            Guarded::Panicked(payload) => {
                let _ = results.send(Outcome::Panicked(payload)).await;
                return;
            }
        };
        // The call of `work` is inside the guard too, so a panic in it is caught as well.
        let outcome = match cancellation.guard(async { work(worker, item).await }).await {
            Guarded::Done(result) => Outcome::Done(result),
            Guarded::Panicked(payload) => Outcome::Panicked(payload),
            Guarded::Cancelled => return,
        };
        let panicked = matches!(outcome, Outcome::Panicked(_));
        if results.send(outcome).await.is_err() || panicked {
            return;
        }
    }
}
