//! [`AsyncEngineRow`]: any async engine as a row, measured through its public contract on
//! a runtime the row starts once.

use std::pin::pin;

use fanout_core::{AsyncFanOutFanIn, FanConfig};
use futures_util::{StreamExt, stream};
use tokio::runtime::Runtime;

use super::{Job, Runner};

/// An async engine measured end to end through [`AsyncFanOutFanIn::run`]: the items as a
/// stream, the job's async form as the work, and the thread that drives the row as the
/// consumer, blocked on the row's runtime.
pub struct AsyncEngineRow<E> {
    engine: E,
    runtime: Runtime,
}

/// The runtime every async row runs on: tokio's multi-thread runtime with its default of a
/// worker thread per core, timer and sockets enabled, as a service would start it. Its
/// worker threads do not depend on `workers`, which counts futures in progress.
pub(crate) fn async_runtime() -> Runtime {
    tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .unwrap_or_else(|error| panic!("could not start a tokio runtime: {error}"))
}

impl<E: AsyncFanOutFanIn> Runner for AsyncEngineRow<E> {
    const NAME: &'static str = E::NAME;

    fn build(config: &FanConfig) -> Self {
        AsyncEngineRow {
            engine: E::new(config.clone()),
            runtime: async_runtime(),
        }
    }

    fn drive<I, T, R, J>(&self, items: I, job: J, mut sink: impl FnMut(R))
    where
        I: Iterator<Item = T> + Send + 'static,
        T: Send + 'static,
        R: Send + 'static,
        J: Job<T, R>,
    {
        // `run` is called inside the runtime: the tokio engines spawn on the caller's.
        self.runtime.block_on(async {
            let results = self.engine.run(stream::iter(items), move |worker, item| {
                job.call_async(worker, item)
            });
            let mut results = pin!(results);
            while let Some(result) = results.next().await {
                sink(result);
            }
        });
    }

    fn first_result<I, T, R, J>(&self, items: I, job: J) -> Option<R>
    where
        I: Iterator<Item = T> + Send + 'static,
        T: Send + 'static,
        R: Send + 'static,
        J: Job<T, R>,
    {
        // The stream is dropped, cancelling the run, inside the runtime.
        self.runtime.block_on(async {
            let results = self.engine.run(stream::iter(items), move |worker, item| {
                job.call_async(worker, item)
            });
            pin!(results).next().await
        })
    }
}
