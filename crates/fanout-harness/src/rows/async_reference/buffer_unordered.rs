//! `buffer-unordered-reference`: `stream.map(work).buffer_unordered(workers)`, as futures'
//! users write a bounded fan-out.

use std::cell::RefCell;
use std::pin::pin;

use fanout_core::{FanConfig, WorkerId};
use futures_util::{StreamExt, stream};
use tokio::runtime::Runtime;

use crate::rows::async_engine::async_runtime;
use crate::rows::{Job, Runner};

/// The items as a stream, mapped to the work's futures, `buffer_unordered(workers)`, all in
/// the consumer's task. Each future carries its worker id back and the consumer keeps the
/// free ids in a list (a `RefCell`: nothing here leaves the consumer's thread), only so
/// that the harness can count items per worker.
pub struct BufferUnorderedReference {
    runtime: Runtime,
    config: FanConfig,
}

impl Runner for BufferUnorderedReference {
    const NAME: &'static str = "buffer-unordered-reference";

    fn build(config: &FanConfig) -> Self {
        BufferUnorderedReference {
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
            let free = RefCell::new((1..=workers).rev().collect::<Vec<WorkerId>>());
            let results = stream::iter(items)
                .map(|item| {
                    // An id is given back before the next poll, which is when
                    // `buffer_unordered` takes a new item: at most `workers` are out.
                    let worker = free.borrow_mut().pop().expect("at most `workers` futures");
                    let work = job.call_async(worker, item);
                    async move { (worker, work.await) }
                })
                .buffer_unordered(workers);
            let mut results = pin!(results);
            while let Some((worker, result)) = results.next().await {
                free.borrow_mut().push(worker);
                sink(result);
            }
        });
    }
}
