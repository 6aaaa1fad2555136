//! Fan-out/fan-in on [crossbeam-channel](https://docs.rs/crossbeam-channel): the [`Crossbeam`] engine.
//!
//! # Strategy
//! Each run starts one feeder thread and `workers` worker threads. The feeder pulls the
//! input one item at a time into a `crossbeam_channel::bounded(capacity)` job queue, which
//! every worker receives from (crossbeam's receivers are multi-consumer, so no lock is
//! needed). Workers send results into one shared `bounded(capacity)` result queue, which
//! the consumer's `next()` receives from. Capacity 0 is crossbeam's zero-capacity
//! (rendezvous) channel.
//!
//! The run closes from the input's end: the feeder drops its sender when the input ends,
//! the workers drain the job queue and drop theirs, and the result queue reports
//! disconnection to the consumer, which joins the threads. Dropping the iterator closes
//! it from the other end: the result receiver goes, workers fail to send and exit, the
//! job queue loses its receivers and the feeder exits; the drop joins them all.
//!
//! # In-flight bound
//! `2 * capacity + workers + 1`: one item held by the feeder waiting to send, `capacity`
//! in the job queue, one per worker (working, or waiting to send its result), and
//! `capacity` in the result queue.
//!
//! # Example
//! ```
//! use fanout_core::{FanConfig, FanOutFanIn};
//! use fanout_crossbeam::Crossbeam;
//!
//! let engine = Crossbeam::new(FanConfig::new(4)?.with_capacity(16));
//! assert_eq!(engine.in_flight_bound(), 2 * 16 + 4 + 1);
//! let total: u64 = engine.run(1..=1000u64, |_worker, n| n * 2).sum();
//! assert_eq!(total, 1000 * 1001);
//! # Ok::<(), fanout_core::ConfigError>(())
//! ```

use std::sync::Arc;

use crossbeam_channel::bounded;
use fanout_core::kit::{GuardedInput, RunControl, RunResults, ThreadGroup, work_loop};
use fanout_core::{FanConfig, FanOutFanIn, Work};

/// Fan-out/fan-in over crossbeam-channel's bounded multi-consumer queues; see the
/// [crate docs](crate) for its strategy and in-flight bound.
#[derive(Clone, Debug)]
pub struct Crossbeam {
    config: FanConfig,
}

impl FanOutFanIn for Crossbeam {
    const NAME: &'static str = "crossbeam";

    fn new(config: FanConfig) -> Self {
        Crossbeam { config }
    }

    fn config(&self) -> &FanConfig {
        &self.config
    }

    fn in_flight_bound(&self) -> usize {
        let FanConfig {
            workers, capacity, ..
        } = self.config;
        2 * capacity + workers.get() + 1
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
        // Declared before the channels, so that if starting a thread fails the channels
        // close before the group joins the threads already started.
        let mut threads = ThreadGroup::new(Self::NAME, Arc::clone(&control));
        let (job_sender, job_receiver) = bounded::<T>(self.config.capacity);
        let (result_sender, result_receiver) = bounded::<R>(self.config.capacity);
        let work = Arc::new(work);

        // The feeder starts first, so the workers find the job queue filling rather than
        // empty: workers that start first park on the empty queue and are then woken one
        // item at a time, which costs a context switch per item for the whole run.
        let input = GuardedInput::new(items.into_iter(), Arc::clone(&control));
        threads.spawn("feeder", move || {
            input.feed(|item| job_sender.send(item).is_ok());
        });

        for worker in 1..=self.config.workers.get() {
            let jobs = job_receiver.clone();
            let results = result_sender.clone();
            let work = Arc::clone(&work);
            let control = Arc::clone(&control);
            threads.spawn(format_args!("w{worker}"), move || {
                work_loop(worker, jobs, &*work, &control, |result| {
                    results.send(result).is_ok()
                });
            });
        }
        drop((job_receiver, result_sender, work));

        RunResults::new(control, threads, move || result_receiver.recv().ok())
    }
}
