//! `joinset-reference`: a task per item in a `JoinSet`, at most `workers` of them, as
//! tokio's users bound a fan-out by hand.

use fanout_core::{FanConfig, WorkerId};
use tokio::runtime::Runtime;
use tokio::task::JoinSet;

use crate::rows::async_engine::async_runtime;
use crate::rows::{Job, Runner};

/// The consumer spawns a task per item into a `JoinSet` and, once `workers` are running,
/// joins one before spawning the next; results that are ready are handed over between
/// spawns. The consumer is the only spawner, so the set's length bounds the tasks and no
/// `Semaphore` is needed. Each task carries its worker id back, and the consumer keeps the
/// free ids in a list, only so that the harness can count items per worker.
pub struct JoinSetReference {
    runtime: Runtime,
    config: FanConfig,
}

/// Why a task of the reference cannot fail: the harness's work does not panic and the set
/// is never aborted.
const TASKS_END_WELL: &str = "harness work does not panic and the set is never aborted";

impl Runner for JoinSetReference {
    const NAME: &'static str = "joinset-reference";

    fn build(config: &FanConfig) -> Self {
        JoinSetReference {
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
        let workers = self.config.workers.get();
        self.runtime.block_on(async {
            let mut free: Vec<WorkerId> = (1..=workers).rev().collect();
            let mut running = JoinSet::new();
            for item in items {
                while let Some(done) = running.try_join_next() {
                    let (worker, result) = done.expect(TASKS_END_WELL);
                    free.push(worker);
                    sink(result);
                }
                let worker = match free.pop() {
                    Some(worker) => worker,
                    None => {
                        let done = running.join_next().await.expect("a full set has tasks");
                        let (worker, result) = done.expect(TASKS_END_WELL);
                        sink(result);
                        worker
                    }
                };
                let work = job.call_async(worker, item);
                running.spawn(async move { (worker, work.await) });
            }
            while let Some(done) = running.join_next().await {
                sink(done.expect(TASKS_END_WELL).1);
            }
        });
    }
}
