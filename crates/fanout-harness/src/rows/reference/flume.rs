//! `flume-reference`: bounded flume channels, shared by cloning.

use std::thread;

use fanout_core::FanConfig;
use flume::bounded;

use crate::rows::{Job, Runner, blocking};

/// The shortest correct fan-out/fan-in on `flume`.
pub struct FlumeReference(FanConfig);

impl Runner for FlumeReference {
    const NAME: &'static str = "flume-reference";

    fn build(config: &FanConfig) -> Self {
        FlumeReference(config.clone())
    }

    fn drive<I, T, R, J>(&self, items: I, job: J, sink: impl FnMut(R))
    where
        I: Iterator<Item = T> + Send + 'static,
        T: Send + 'static,
        R: Send + 'static,
        J: Job<T, R>,
    {
        let work = blocking(job);
        let (job_sender, job_receiver) = bounded(self.0.capacity);
        let (result_sender, result_receiver) = bounded(self.0.capacity);
        thread::scope(|scope| {
            scope.spawn(move || {
                for item in items {
                    if job_sender.send(item).is_err() {
                        break;
                    }
                }
            });
            for worker in 1..=self.0.workers.get() {
                let (jobs, results, work) = (job_receiver.clone(), result_sender.clone(), &work);
                scope.spawn(move || {
                    for job in jobs {
                        if results.send(work(worker, job)).is_err() {
                            break;
                        }
                    }
                });
            }
            drop((job_receiver, result_sender));
            result_receiver.into_iter().for_each(sink);
        });
    }
}
