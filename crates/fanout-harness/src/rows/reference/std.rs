//! `std-mpsc-reference`: sync channels, the job receiver shared behind a mutex.

use std::sync::Mutex;
use std::sync::mpsc::sync_channel;
use std::thread;

use fanout_core::FanConfig;

use crate::rows::{Job, Runner, blocking};

/// The shortest correct fan-out/fan-in on `std::sync::mpsc`.
pub struct StdReference(FanConfig);

impl Runner for StdReference {
    const NAME: &'static str = "std-mpsc-reference";

    fn build(config: &FanConfig) -> Self {
        StdReference(config.clone())
    }

    fn drive<I, T, R, J>(&self, items: I, job: J, sink: impl FnMut(R))
    where
        I: Iterator<Item = T> + Send + 'static,
        T: Send + 'static,
        R: Send + 'static,
        J: Job<T, R>,
    {
        let work = blocking(job);
        let (job_sender, job_receiver) = sync_channel(self.0.capacity);
        let job_receiver = Mutex::new(job_receiver);
        let (result_sender, result_receiver) = sync_channel(self.0.capacity);
        thread::scope(|scope| {
            scope.spawn(move || {
                for item in items {
                    if job_sender.send(item).is_err() {
                        break;
                    }
                }
            });
            for worker in 1..=self.0.workers.get() {
                let (jobs, results, work) = (&job_receiver, result_sender.clone(), &work);
                scope.spawn(move || {
                    loop {
                        // The lock is released at the end of this statement, before
                        // `work`: held across it, the workers would run one at a time.
                        let job = jobs.lock().expect("no panics here").recv();
                        let Ok(job) = job else { break };
                        if results.send(work(worker, job)).is_err() {
                            break;
                        }
                    }
                });
            }
            drop(result_sender);
            result_receiver.into_iter().for_each(sink);
        });
    }
}
