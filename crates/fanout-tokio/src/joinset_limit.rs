//! [`JoinSetLimit`]: async work as one tokio task per item in a `JoinSet`, a `Semaphore`
//! bounding how many run at once.

use std::future::{Future, poll_fn};
use std::sync::Arc;

use fanout_core::kit::{Cancellation, Guarded, IdLease, WorkerIds};
use fanout_core::{AsyncFanOutFanIn, AsyncWork, FanConfig};
use futures_core::Stream;
use tokio::runtime::Handle;
use tokio::sync::{OwnedSemaphorePermit, Semaphore, mpsc};
use tokio::task::JoinSet;

use crate::task_results::{Outcome, TaskResults};
use crate::task_shape::TaskShape;

/// Async work as one tokio task per item, at most `workers` at once: the shape people write
/// by hand with a `JoinSet` and a `Semaphore`.
///
/// # Strategy
/// `run` spawns a driver task on the runtime it is called in (or the one
/// given to [`with_handle`](JoinSetLimit::with_handle)). The driver loops: acquire one
/// of `workers` semaphore permits, take one item from the input, and spawn a task for it
/// into its `JoinSet`; the task awaits `work(id, item)`, sends the result over a
/// `tokio::sync::mpsc` channel of `capacity` slots, and only then releases its permit, so
/// a task waiting for room in the channel still counts against `workers`. The id is a
/// permit's slot number, taken from a free-list ([`WorkerIds`]), so ids stay in
/// `1..=workers` and no two tasks in progress share one. Once the input ends the driver
/// awaits the tasks left and ends, dropping the last sender, which ends the consumer's
/// stream.
///
/// tokio's bounded mpsc has no rendezvous mode, so capacity 0 is served as capacity 1.
///
/// Dropping the stream cancels the run: no future of it is polled again (see
/// [`Cancellation`]), and the driver is aborted, which drops its `JoinSet` and so aborts
/// the item tasks. A panic in `work` or in the input is caught, sent to the consumer, and
/// resumed at its poll with the same payload.
///
/// # In-flight bound
/// `workers + max(capacity, 1)`: an item or its unsent result under each permit, and the
/// channel's results.
///
/// # Example
/// ```
/// use fanout_core::{AsyncFanOutFanIn, FanConfig};
/// use fanout_tokio::JoinSetLimit;
/// use futures_util::{StreamExt, stream};
///
/// # tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap().block_on(async {
/// let engine = JoinSetLimit::new(FanConfig::new(3)?);
/// assert_eq!(engine.in_flight_bound(), 3 + 6);
/// let total: u64 = engine.run(stream::iter(1..=100u64), |_worker, n| async move { n }).fold(0, |sum, n| async move { sum + n }).await;
/// assert_eq!(total, 5050);
/// # Ok::<(), fanout_core::ConfigError>(())
/// # }).unwrap();
/// ```
#[derive(Debug)]
pub struct JoinSetLimit {
    shape: TaskShape,
}

impl JoinSetLimit {
    /// The same engine, spawning every run's tasks on the runtime `handle` belongs to, so
    /// that its stream can be consumed from anywhere: another runtime, a `futures`
    /// executor, or a thread blocking on it.
    pub fn with_handle(mut self, handle: Handle) -> Self {
        self.shape.give(handle);
        self
    }
}

impl AsyncFanOutFanIn for JoinSetLimit {
    const NAME: &'static str = "joinset";

    fn new(config: FanConfig) -> Self {
        JoinSetLimit {
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
        let (sender, receiver) = mpsc::channel(self.shape.channel_capacity());
        let driver = Driver {
            // A semaphore holds at most `MAX_PERMITS`; more workers than that could never
            // all be in progress anyway.
            slots: Arc::new(Semaphore::new(
                self.shape.config.workers.get().min(Semaphore::MAX_PERMITS),
            )),
            ids: WorkerIds::new(),
            work: Arc::new(work),
            results: sender,
            cancellation: Arc::clone(&cancellation),
            runtime: runtime.clone(),
        };
        let mut tasks = JoinSet::new();
        tasks.spawn_on(driver.drive(items), &runtime);
        TaskResults::new(receiver, cancellation, tasks)
    }
}

/// What the driver task holds and hands to each item's task.
struct Driver<F, R> {
    slots: Arc<Semaphore>,
    ids: WorkerIds,
    work: Arc<F>,
    results: mpsc::Sender<Outcome<R>>,
    cancellation: Arc<Cancellation>,
    runtime: Handle,
}

impl<F, R> Driver<F, R> {
    async fn drive<S, T>(self, items: S)
    where
        S: Stream<Item = T> + Send + 'static,
        T: Send + 'static,
        R: Send + 'static,
        F: AsyncWork<T, R>,
    {
        let mut items = Box::pin(items);
        // Dropped with the driver, which aborts every item task still in it.
        let mut running = JoinSet::new();
        loop {
            let Ok(permit) = Arc::clone(&self.slots).acquire_owned().await else {
                return;
            };
            let slot = Slot {
                id: self.ids.lease(),
                _permit: permit,
            };
            let next = self
                .cancellation
                .guard(poll_fn(|cx| items.as_mut().poll_next(cx)))
                .await;
            let item = match next {
                Guarded::Done(Some(item)) => item,
                Guarded::Done(None) | Guarded::Cancelled => break,
                Guarded::Panicked(payload) => {
                    let _ = self.results.send(Outcome::Panicked(payload)).await;
                    return;
                }
            };
            running.spawn_on(self.item_task(slot, item), &self.runtime);
            // Finished tasks are reaped as the driver goes, so the set holds only the ones
            // in progress.
            while running.try_join_next().is_some() {}
        }
        drop(items);
        while running.join_next().await.is_some() {}
    }

    fn item_task<T>(&self, slot: Slot, item: T) -> impl Future<Output = ()> + Send + 'static
    where
        T: Send + 'static,
        R: Send + 'static,
        F: AsyncWork<T, R>,
    {
        let work = Arc::clone(&self.work);
        let results = self.results.clone();
        let cancellation = Arc::clone(&self.cancellation);
        async move {
            let worker = slot.id.id();
            let outcome = match cancellation.guard(async { work(worker, item).await }).await {
                Guarded::Done(result) => Outcome::Done(result),
                Guarded::Panicked(payload) => Outcome::Panicked(payload),
                Guarded::Cancelled => return,
            };
            let _ = results.send(outcome).await;
            // Released only now, so that a result waiting for room in the channel still
            // holds its slot.
            drop(slot);
        }
    }
}

/// One of the `workers` slots: a semaphore permit and the worker id that goes with it.
/// The id is given back before the permit is released (fields drop in order), so a task
/// that gets the permit always finds an id free.
struct Slot {
    id: IdLease,
    _permit: OwnedSemaphorePermit,
}
