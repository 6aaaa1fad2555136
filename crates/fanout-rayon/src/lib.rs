//! Fan-out/fan-in on a [rayon](https://docs.rs/rayon) thread pool: the [`Rayon`] engine.
//!
//! # Strategy
//! The engine owns a `rayon::ThreadPool` of `workers` threads, started once in
//! [`Rayon::new`](fanout_core::FanOutFanIn::new) and reused by every run. A run is one job
//! spawned onto the pool that drives the input through rayon's own machinery,
//! `par_bridge().for_each_with(..)`: each pool thread locks the input, pulls one item,
//! works on it and sends the result, so rayon's work stealing spreads the items.
//! The worker id is the pool thread's `current_thread_index() + 1`. rayon has no channel,
//! so results come back over std's `sync_channel(capacity)` (capacity 0 = rendezvous).
//!
//! The run ends when the input ends and every pool thread has finished its last item: the
//! job's result senders drop and the consumer sees the disconnection. Dropping the iterator
//! stops the run and drops the result receiver: a send waiting on it fails, the input ends
//! at its next pull, and the drop waits (on a [`WaitGroup`]) until the job has ended.
//!
//! Runs share the pool: a run whose consumer stops reading holds the pool threads that
//! wait to send its results, so runs started at once from one thread must be consumed
//! together, not one after the other.
//!
//! A scoped run ([`run_in`](fanout_core::FanOutFanIn::run_in)) cannot lend borrowed work
//! to the pool (`in_place_scope` would need the consumer inside its closure), so it takes
//! the contract's default: `workers` threads started in the caller's scope. On 2 cores it
//! is as fast as `run`, on cheap items and on 10 µs ones (`cargo bench --bench scoped`).
//!
//! # In-flight bound
//! `workers + capacity`: one item per pool thread (working on it, or waiting to send its
//! result) and `capacity` in the result channel. There is no feeder holding an extra item:
//! the thread that pulls an item is the one that works on it.
//!
//! # Example
//! ```
//! use fanout_core::{FanConfig, FanOutFanIn};
//! use fanout_rayon::Rayon;
//!
//! let engine = Rayon::new(FanConfig::new(4)?.with_capacity(8));
//! assert_eq!(engine.in_flight_bound(), 4 + 8);
//! let mut workers: Vec<usize> = engine.run(0..100, |worker, _item: u32| worker).collect();
//! workers.sort();
//! assert!(workers.iter().all(|&worker| (1..=4).contains(&worker)));
//! # Ok::<(), fanout_core::ConfigError>(())
//! ```
//!
//! [`WaitGroup`]: fanout_core::kit::WaitGroup

use std::sync::Arc;
use std::sync::mpsc::sync_channel;

use fanout_core::kit::{GuardedInput, RunControl, RunResults, WaitGroup};
use fanout_core::{FanConfig, FanOutFanIn, StartError, Work};
use rayon::iter::{ParallelBridge, ParallelIterator};

/// Fan-out/fan-in on an owned rayon thread pool through `par_bridge`; see the
/// [crate docs](crate) for its strategy and in-flight bound.
#[derive(Debug)]
pub struct Rayon {
    config: FanConfig,
    pool: rayon::ThreadPool,
}

impl Rayon {
    /// The engine's thread pool, for callers who want to run other rayon work on it.
    pub fn pool(&self) -> &rayon::ThreadPool {
        &self.pool
    }
}

impl FanOutFanIn for Rayon {
    const NAME: &'static str = "rayon";

    /// # Panics
    /// When the OS refuses to start the pool's threads; see [`Rayon::try_new`].
    fn new(config: FanConfig) -> Self {
        Self::try_new(config).unwrap_or_else(|error| panic!("{error}"))
    }

    /// The engine, or the error rayon's pool builder met starting its threads.
    fn try_new(config: FanConfig) -> Result<Self, StartError> {
        let workers = config.workers.get();
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(workers)
            .thread_name(|index| format!("rayon w{}", index + 1))
            .build()
            .map_err(|error| {
                StartError::new(
                    Self::NAME,
                    format!("could not start a pool of {workers} threads"),
                    Some(error.into()),
                )
            })?;
        Ok(Rayon { config, pool })
    }

    fn config(&self) -> &FanConfig {
        &self.config
    }

    fn in_flight_bound(&self) -> usize {
        self.config.workers.get() + self.config.capacity
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
        let (result_sender, result_receiver) = sync_channel::<R>(self.config.capacity);
        let input = GuardedInput::new(items.into_iter(), Arc::clone(&control));
        let finished = WaitGroup::new();
        let job_finished = finished.clone();
        let job_control = Arc::clone(&control);

        self.pool.spawn(move || {
            // Declared first so it is dropped last: the consumer's wait ends only once the
            // input, `work` and every sender of this job are gone.
            let _finished = job_finished;
            let control = job_control;
            let (input, work, results) = (input, work, result_sender);
            // A panic that escaped rayon's machinery would abort the process from a spawned
            // job; it is recorded for the consumer instead.
            control.call(|| {
                input.par_bridge().for_each_with(results, |results, item| {
                    // Always `Some` on the pool's own threads, where this runs.
                    let worker = rayon::current_thread_index().map_or(1, |index| index + 1);
                    if let Some(result) = control.call(|| work(worker, item)) {
                        // A failed send means the consumer has gone and the run is stopped:
                        // the input ends at its next pull.
                        let _ = results.send(result);
                    }
                });
            });
        });

        RunResults::new(control, Some(finished), move || result_receiver.recv().ok())
    }
}
