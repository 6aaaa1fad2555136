//! `tokio-reference`: the textbook tokio worker pool, tasks sharing one job receiver, with
//! a semaphore of ready jobs so that blocking `work` cannot hold up the other tasks.

use std::sync::Arc;
use std::thread;

use fanout_core::FanConfig;
use tokio::sync::{Semaphore, mpsc};

use crate::rows::{Job, Runner, blocking};

/// The shortest correct fan-out/fan-in on tokio: `workers` tasks on a runtime of
/// `workers` threads, each taking a permit of the ready-jobs semaphore, then a job from
/// the shared receiver.
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

    fn drive<I, T, R, J>(&self, items: I, job: J, mut sink: impl FnMut(R))
    where
        I: Iterator<Item = T> + Send + 'static,
        T: Send + 'static,
        R: Send + 'static,
        J: Job<T, R>,
    {
        let work = blocking(job);
        // tokio's bounded channels have no rendezvous mode.
        let capacity = self.config.capacity.max(1);
        let workers = self.config.workers.get();
        let (job_sender, job_receiver) = mpsc::channel::<T>(capacity);
        // The textbook pool shares the receiver behind `tokio::sync::Mutex`, whose unlock
        // wakes the next task from the worker thread that is about to run a blocking
        // `work`: tokio puts that task in the thread's LIFO slot, which no other worker may
        // steal, so at most two workers ever ran at once. A semaphore of ready jobs, given
        // permits by the feeder thread alone, means no task ever wakes another.
        let job_receiver = Arc::new(std::sync::Mutex::new(job_receiver));
        let ready = Arc::new(Semaphore::new(0));
        let (result_sender, mut result_receiver) = mpsc::channel::<R>(capacity);
        let work = Arc::new(work);
        for worker in 1..=workers {
            let (jobs, ready, results, work) = (
                Arc::clone(&job_receiver),
                Arc::clone(&ready),
                result_sender.clone(),
                Arc::clone(&work),
            );
            self.runtime.spawn(async move {
                loop {
                    ready.acquire().await.expect("never closed").forget();
                    let job = jobs.lock().expect("no panics here").try_recv();
                    let Ok(job) = job else { break };
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
                    ready.add_permits(1);
                }
                // The end: every task takes one more permit and finds the queue closed.
                drop(job_sender);
                ready.add_permits(workers);
            });
            while let Some(result) = result_receiver.blocking_recv() {
                sink(result);
            }
        });
    }
}
