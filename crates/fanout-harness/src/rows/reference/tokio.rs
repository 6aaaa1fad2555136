//! `tokio-reference`: the textbook tokio worker pool, tasks sharing the job receiver
//! behind `tokio::sync::Mutex`.

use std::sync::Arc;
use std::thread;

use fanout_core::{FanConfig, Work};
use tokio::sync::{Mutex, mpsc};

use crate::rows::Runner;

/// The shortest correct fan-out/fan-in on tokio: `workers` tasks on a runtime of
/// `workers` threads, each locking the shared job receiver to take a job.
pub struct TokioReference {
    runtime: tokio::runtime::Runtime,
    config: FanConfig,
}

impl Runner for TokioReference {
    const NAME: &'static str = "tokio-reference";

    fn build(config: &FanConfig) -> Self {
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(config.workers.get())
            .build()
            .unwrap_or_else(|error| panic!("could not start a tokio runtime: {error}"));
        TokioReference {
            runtime,
            config: config.clone(),
        }
    }

    fn drive<I, T, R, F>(&self, items: I, work: F, mut sink: impl FnMut(R))
    where
        I: Iterator<Item = T> + Send + 'static,
        T: Send + 'static,
        R: Send + 'static,
        F: Work<T, R>,
    {
        // tokio's bounded channels have no rendezvous mode.
        let capacity = self.config.capacity.max(1);
        let (job_sender, job_receiver) = mpsc::channel::<T>(capacity);
        let job_receiver = Arc::new(Mutex::new(job_receiver));
        let (result_sender, mut result_receiver) = mpsc::channel::<R>(capacity);
        let work = Arc::new(work);
        for worker in 1..=self.config.workers.get() {
            let (jobs, results, work) = (
                Arc::clone(&job_receiver),
                result_sender.clone(),
                Arc::clone(&work),
            );
            self.runtime.spawn(async move {
                loop {
                    let job = jobs.lock().await.recv().await;
                    let Some(job) = job else { break };
                    if results.send(work(worker, job)).await.is_err() {
                        break;
                    }
                }
            });
        }
        drop(result_sender);
        thread::scope(|scope| {
            scope.spawn(move || {
                for item in items {
                    if job_sender.blocking_send(item).is_err() {
                        break;
                    }
                }
            });
            while let Some(result) = result_receiver.blocking_recv() {
                sink(result);
            }
        });
    }
}
