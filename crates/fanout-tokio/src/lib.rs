//! Fan-out/fan-in on a [tokio](https://docs.rs/tokio) runtime: the [`Tokio`] engine for
//! blocking work, and two engines for async work, [`TokioTasks`] and [`JoinSetLimit`].
//!
//! The async engines implement [`AsyncFanOutFanIn`](fanout_core::AsyncFanOutFanIn): their
//! tasks run on the runtime the caller of `run` is in (or one given with `with_handle`),
//! and each states its strategy and in-flight bound in its own docs. The rest of this page
//! is about [`Tokio`], which runs blocking calls on the worker threads of a runtime of its
//! own: tokio used as a thread pool, which tokio's docs advise against. It is here for the
//! blocking contract's comparison; for work that awaits I/O, use [`TokioTasks`].
//!
//! # Strategy
//! The engine owns a multi-thread `Runtime` with `workers` worker threads, started once in
//! [`Tokio::new`](fanout_core::FanOutFanIn::new) and reused by every run. A run spawns
//! `workers` tasks onto it, one per worker thread, each taking jobs from an async
//! multi-consumer queue and sending results back over `tokio::sync::mpsc::channel`. The
//! input is a blocking iterator, so a feeder thread (a plain OS thread, joined with the
//! run) pulls it and sends with `blocking_send`.
//!
//! `work` is a plain function, so it runs on the task's worker thread; with exactly one
//! task per worker thread, a long call blocks only its own worker. The job queue is a
//! bounded `tokio::sync::mpsc` channel shared by the tasks, with a `Semaphore` counting the
//! jobs ready, built so that wake-ups reach the tasks only from outside the runtime (the
//! feeder, the consumer), never from one worker task to another: a task woken from a
//! worker thread waits in that worker's LIFO slot, which other workers cannot steal, for
//! as long as the waker's `work` call blocks. (`async_channel` wakes receivers that way,
//! and the conformance suite caught it.)
//!
//! The consumer's `next()` waits for a result with a tiny thread-parking executor, so the
//! iterator can be consumed from a plain thread and from code already running inside
//! another tokio runtime alike, where `blocking_recv` would panic.
//!
//! tokio's bounded mpsc has no rendezvous mode, so capacity 0 is served as capacity 1.
//!
//! The run closes from the input's end (the feeder drops its sender, the tasks drain the
//! jobs and end, the consumer sees the result channel close and awaits the tasks) or from
//! the consumer's (dropping the receiver fails the tasks' sends; the drop awaits every
//! task and joins the feeder).
//!
//! A scoped run ([`run_in`](fanout_core::FanOutFanIn::run_in)) cannot lend borrowed work
//! to the runtime, so it takes the contract's default: `workers` threads started in the
//! caller's scope, which on 2 cores take 0.1x `run`'s time on no-op items and 0.85x on
//! 10 µs ones (`cargo bench --bench scoped`).
//!
//! # In-flight bound
//! `2 * max(capacity, 1) + workers + 1`: the feeder's item, the job queue, one item per
//! task, and the result channel.
//!
//! # Example
//! ```
//! use fanout_core::{FanConfig, FanOutFanIn};
//! use fanout_tokio::Tokio;
//!
//! let engine = Tokio::new(FanConfig::new(4)?.with_capacity(0));
//! assert_eq!(engine.in_flight_bound(), 2 * 1 + 4 + 1);
//! let total: u64 = engine.run(1..=100u64, |_worker, n| n).sum();
//! assert_eq!(total, 5050);
//! # Ok::<(), fanout_core::ConfigError>(())
//! ```

mod block_on;
mod job_queue;
mod joinset_limit;
mod start;
mod task_results;
mod task_shape;
mod tokio_tasks;

pub use joinset_limit::JoinSetLimit;
pub use tokio_tasks::TokioTasks;

use std::sync::Arc;

use fanout_core::kit::{GuardedInput, RunControl, RunResults, RunWorkers, ThreadGroup};
use fanout_core::{FanConfig, FanOutFanIn, StartError, Work};
use tokio::runtime::{Handle, Runtime};
use tokio::task::JoinHandle;

use crate::block_on::block_on;
use crate::job_queue::job_queue;
use crate::start::start_runtime;

/// Fan-out/fan-in on an owned multi-thread tokio runtime, one task per worker; see the
/// [crate docs](crate) for its strategy and in-flight bound.
#[derive(Debug)]
pub struct Tokio {
    config: FanConfig,
    /// Always `Some` until the engine is dropped; `Drop` takes it to shut it down.
    runtime: Option<Runtime>,
}

impl Tokio {
    /// A handle to the engine's runtime: its metrics, or a place to spawn other tasks.
    pub fn handle(&self) -> &Handle {
        self.runtime().handle()
    }

    fn runtime(&self) -> &Runtime {
        self.runtime
            .as_ref()
            .expect("the runtime lives as long as the engine")
    }

    /// The queues' bound: tokio's mpsc has no rendezvous mode.
    fn queue_capacity(&self) -> usize {
        self.config.capacity.max(1)
    }
}

impl FanOutFanIn for Tokio {
    const NAME: &'static str = "tokio";

    /// # Panics
    /// When the OS refuses to start the runtime's threads; see [`Tokio::try_new`].
    fn new(config: FanConfig) -> Self {
        Self::try_new(config).unwrap_or_else(|error| panic!("{error}"))
    }

    /// The engine, or the OS's refusal of one of the runtime's threads (within seconds:
    /// see `start.rs` for why tokio alone would hang then).
    fn try_new(config: FanConfig) -> Result<Self, StartError> {
        let runtime = start_runtime(config.workers.get())?;
        Ok(Tokio {
            config,
            runtime: Some(runtime),
        })
    }

    fn config(&self) -> &FanConfig {
        &self.config
    }

    fn in_flight_bound(&self) -> usize {
        2 * self.queue_capacity() + self.config.workers.get() + 1
    }

    fn run<I, T, R, F>(&self, items: I, work: F) -> impl Iterator<Item = R> + Send
    where
        I: IntoIterator<Item = T>,
        I::IntoIter: Send + 'static,
        T: Send + 'static,
        R: Send + 'static,
        F: Work<T, R>,
    {
        let control = RunControl::new();
        // Declared before the channels, so that if starting the feeder fails the channels
        // close before the tasks are awaited.
        let mut feeder = ThreadGroup::new(Self::NAME, Arc::clone(&control));
        let workers = self.config.workers.get();
        let (job_sender, job_queue) = job_queue::<T>(self.queue_capacity(), workers);
        let (result_sender, mut result_receiver) =
            tokio::sync::mpsc::channel::<R>(self.queue_capacity());
        let work = Arc::new(work);

        // The feeder starts first, so the tasks find jobs waiting rather than an empty
        // queue to be woken from one item at a time.
        let input = GuardedInput::new(items.into_iter(), Arc::clone(&control));
        feeder.spawn("feeder", move || {
            input.feed(|item| job_sender.send_blocking(item));
        });

        let tasks = (1..=workers)
            .map(|worker| {
                let jobs = Arc::clone(&job_queue);
                let results = result_sender.clone();
                let work = Arc::clone(&work);
                let control = Arc::clone(&control);
                self.handle().spawn(async move {
                    while let Some(job) = jobs.recv().await {
                        if control.is_stopped() {
                            break;
                        }
                        let Some(result) = control.call(|| work(worker, job)) else {
                            break;
                        };
                        if results.send(result).await.is_err() {
                            break;
                        }
                    }
                })
            })
            .collect();
        drop((job_queue, result_sender, work));

        let tasks = Tasks {
            tasks,
            feeder,
            control: Arc::clone(&control),
        };

        RunResults::new(control, tasks, move || block_on(result_receiver.recv()))
    }
}

/// The tasks of one run and its feeder thread, awaited from the consumer's thread.
struct Tasks {
    tasks: Vec<JoinHandle<()>>,
    feeder: ThreadGroup<'static>,
    control: Arc<RunControl>,
}

impl RunWorkers for Tasks {
    fn wait_stopped(&mut self) {
        for task in self.tasks.drain(..) {
            // The tasks catch panics in `work` themselves; one that escapes anyway still
            // reaches the consumer.
            if let Err(error) = block_on(task)
                && error.is_panic()
            {
                self.control.record_panic(error.into_panic());
            }
        }
        self.feeder.wait_stopped();
    }
}

impl Drop for Tokio {
    fn drop(&mut self) {
        if let Some(runtime) = self.runtime.take() {
            // Dropping a runtime blocks until its threads stop, which tokio forbids inside
            // async code; there, let it shut down in the background instead.
            if Handle::try_current().is_ok() {
                runtime.shutdown_background();
            }
        }
    }
}
