//! [`StdMpsc`]: bounded std channels, the job receiver shared behind a mutex.

use std::sync::Arc;
use std::sync::mpsc::sync_channel;

use fanout_core::kit::{GuardedInput, RunControl, RunResults, ThreadGroup, work_loop};
use fanout_core::{FanConfig, FanOutFanIn, Work};

use crate::shared_receiver::SharedReceiver;

/// Fan-out/fan-in over `std::sync::mpsc::sync_channel`, the job receiver shared behind a
/// `Mutex`; see the [crate docs](crate) for its strategy and in-flight bound.
#[derive(Clone, Debug)]
pub struct StdMpsc {
    config: FanConfig,
}

impl FanOutFanIn for StdMpsc {
    const NAME: &'static str = "std-mpsc";

    fn new(config: FanConfig) -> Self {
        StdMpsc { config }
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
        let (job_sender, job_receiver) = sync_channel::<T>(self.config.capacity);
        let job_receiver = SharedReceiver::new(job_receiver);
        let (result_sender, result_receiver) = sync_channel::<R>(self.config.capacity);
        let work = Arc::new(work);

        // The feeder starts first, so the workers find the job queue filling rather than
        // empty: workers that start first park on the empty queue and are then woken one
        // item at a time, which costs a context switch per item for the whole run.
        let input = GuardedInput::new(items.into_iter(), Arc::clone(&control));
        threads.spawn("feeder", move || {
            input.feed(|item| job_sender.send(item).is_ok());
        });

        for worker in 1..=self.config.workers.get() {
            let jobs = job_receiver.jobs();
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
