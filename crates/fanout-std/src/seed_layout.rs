//! [`SeedLayout`]: the seed's Go `fanOut`/`fanIn`, one channel per worker and a forwarder
//! for each, ported as written.

use std::sync::Arc;
use std::sync::mpsc::sync_channel;
use std::thread::Scope;

use fanout_core::kit::{GuardedInput, RunControl, RunResults, ThreadGroup, WaitGroup, work_loop};
use fanout_core::{FanConfig, FanOutFanIn, ScopedWork, Work};

use crate::shared_receiver::SharedReceiver;

/// The seed's own design on std channels: per-worker result channels merged by one
/// forwarder thread each; see the [crate docs](crate) for its strategy and in-flight bound.
#[derive(Clone, Debug)]
pub struct SeedLayout {
    config: FanConfig,
}

impl FanOutFanIn for SeedLayout {
    const NAME: &'static str = "seed-layout";

    fn new(config: FanConfig) -> Self {
        SeedLayout { config }
    }

    fn config(&self) -> &FanConfig {
        &self.config
    }

    fn in_flight_bound(&self) -> usize {
        let FanConfig {
            workers, capacity, ..
        } = self.config;
        (workers.get() + 2) * capacity + 2 * workers.get() + 1
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
        let threads = ThreadGroup::new(Self::NAME, Arc::clone(&control));
        self.start(control, threads, items, work)
    }

    fn run_in<'scope, 'env, I, T, R, F>(
        &self,
        scope: &'scope Scope<'scope, 'env>,
        items: I,
        work: F,
    ) -> impl Iterator<Item = R> + Send
    where
        I: IntoIterator<Item = T>,
        I::IntoIter: Send + 'scope,
        T: Send + 'scope,
        R: Send + 'scope,
        F: ScopedWork<'scope, T, R>,
    {
        let control = RunControl::new();
        let threads = ThreadGroup::scoped(Self::NAME, Arc::clone(&control), scope);
        self.start(control, threads, items, work)
    }
}

impl SeedLayout {
    /// Starts a run on `threads`, the run's own or the caller's scope's.
    fn start<'scope, I, T, R, F>(
        &self,
        control: Arc<RunControl>,
        // Made before the channels, so dropped after them: see `ThreadGroup::spawn`.
        mut threads: ThreadGroup<'scope>,
        items: I,
        work: F,
    ) -> impl Iterator<Item = R> + Send + use<'scope, I, T, R, F>
    where
        I: IntoIterator<Item = T>,
        I::IntoIter: Send + 'scope,
        T: Send + 'scope,
        R: Send + 'scope,
        F: ScopedWork<'scope, T, R>,
    {
        let FanConfig {
            workers, capacity, ..
        } = self.config;
        let (job_sender, job_receiver) = sync_channel::<T>(capacity);
        let job_receiver = SharedReceiver::new(job_receiver);
        let work = Arc::new(work);

        // The feeder starts first, as in `ChannelEngine`: workers then find jobs waiting.
        let input = GuardedInput::new(items.into_iter(), Arc::clone(&control));
        threads.spawn("feeder", move || {
            input.feed(|item| job_sender.send(item).is_ok());
        });

        // fanOut: one result channel per worker, all reading the same job channel.
        let workers_done = WaitGroup::new();
        let mut worker_senders = Vec::with_capacity(workers.get());
        let mut worker_receivers = Vec::with_capacity(workers.get());
        for worker in 1..=workers.get() {
            let (results, worker_results) = sync_channel::<R>(capacity);
            let jobs = job_receiver.jobs();
            let work = Arc::clone(&work);
            let control = Arc::clone(&control);
            let done = workers_done.clone();
            let results_for_worker = results.clone();
            threads.spawn(format_args!("w{worker}"), move || {
                let _done = done;
                work_loop(worker, jobs, &*work, &control, |result| {
                    results_for_worker.send(result).is_ok()
                });
            });
            worker_senders.push(results);
            worker_receivers.push(worker_results);
        }
        drop((job_receiver, work));
        // "Close worker result channels when all workers are done."
        threads.spawn("closer", move || {
            workers_done.wait();
            drop(worker_senders);
        });

        // fanIn: one forwarder per worker channel into the single output.
        let (output, output_receiver) = sync_channel::<R>(capacity);
        let forwarders_done = WaitGroup::new();
        for (index, worker_results) in worker_receivers.into_iter().enumerate() {
            let output = output.clone();
            let done = forwarders_done.clone();
            threads.spawn(format_args!("fwd{}", index + 1), move || {
                let _done = done;
                for result in worker_results {
                    if output.send(result).is_err() {
                        break;
                    }
                }
            });
        }
        // "Close output channel when all inputs are done."
        threads.spawn("fan-in closer", move || {
            forwarders_done.wait();
            drop(output);
        });

        RunResults::new(control, threads, move || output_receiver.recv().ok())
    }
}
