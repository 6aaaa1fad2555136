//! `tokio-tasks-reference`: `workers` tasks sharing one job receiver, as tokio's users
//! write a worker pool for async work.

use std::sync::Arc;

use fanout_core::FanConfig;
use tokio::runtime::Runtime;
use tokio::sync::{Mutex, mpsc};

use crate::rows::async_engine::async_runtime;
use crate::rows::{Job, Runner};

/// A feeder task sends the items into a bounded channel; `workers` tasks take turns at its
/// receiver behind `tokio::sync::Mutex`, await the work, and send each result into a
/// bounded result channel the consumer drains.
pub struct TokioTasksReference {
    runtime: Runtime,
    config: FanConfig,
}

impl Runner for TokioTasksReference {
    const NAME: &'static str = "tokio-tasks-reference";

    fn build(config: &FanConfig) -> Self {
        TokioTasksReference {
            runtime: async_runtime(),
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
        // tokio's bounded channels have no rendezvous mode.
        let capacity = self.config.capacity.max(1);
        let job = Arc::new(job);
        self.runtime.block_on(async {
            let (job_sender, job_receiver) = mpsc::channel::<T>(capacity);
            let job_receiver = Arc::new(Mutex::new(job_receiver));
            let (result_sender, mut result_receiver) = mpsc::channel::<R>(capacity);
            tokio::spawn(async move {
                for item in items {
                    if job_sender.send(item).await.is_err() {
                        break;
                    }
                }
            });
            for worker in 1..=self.config.workers.get() {
                let (jobs, results, job) = (
                    Arc::clone(&job_receiver),
                    result_sender.clone(),
                    Arc::clone(&job),
                );
                tokio::spawn(async move {
                    loop {
                        let next = jobs.lock().await.recv().await;
                        let Some(item) = next else { break };
                        if results
                            .send(job.call_async(worker, item).await)
                            .await
                            .is_err()
                        {
                            break;
                        }
                    }
                });
            }
            drop(result_sender);
            while let Some(result) = result_receiver.recv().await {
                sink(result);
            }
        });
    }
}
