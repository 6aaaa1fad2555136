//! Fan-out/fan-in with [futures](https://docs.rs/futures)' `buffer_unordered`: the
//! [`BufferUnordered`] engine, for async work.
//!
//! A crate of its own, not part of `fanout-core`, so that the contract depends on
//! `futures-core`'s `Stream` trait alone and only this engine pulls in `futures-util`.
//!
//! # Strategy
//! `run` is `items.map(|item| work(id, item)).buffer_unordered(workers)`: no task and no
//! thread, every work future polled inside the consumer's own poll of the output stream.
//! So there is concurrency (up to `workers` futures waiting at once) but no parallelism:
//! CPU work in those futures runs one poll at a time on the consumer's thread, and nothing
//! progresses while the consumer is not polling.
//!
//! Worker ids come from a free-list: a future takes an id when `work` is called, and the
//! id comes back when its result leaves `buffer_unordered`, before the next item is taken,
//! so with at most `workers` in progress every id is in `1..=workers` and no two in
//! progress share one. Both ends run inside the consumer's poll, one at a time, so the
//! list needs no lock (see `free_ids.rs`).
//!
//! The stream ends for good after a panic in `work` or in the input, which comes straight
//! out of the consumer's poll with its payload: the futures still in progress are dropped
//! then, as they are when the stream itself is dropped. No queue sits between the work and
//! the consumer, so `capacity` is not used.
//!
//! # In-flight bound
//! `workers`: an item is taken from the input only when fewer than `workers` futures are in
//! progress, and each result is handed to the consumer as its future completes.
//!
//! # Example
//! ```
//! use fanout_core::{AsyncFanOutFanIn, FanConfig};
//! use fanout_futures::BufferUnordered;
//! use futures_util::{StreamExt, stream};
//!
//! # tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap().block_on(async {
//! let engine = BufferUnordered::new(FanConfig::new(16)?);
//! assert_eq!(engine.in_flight_bound(), 16);
//! let squares = engine.run_ordered(stream::iter(1..=5u64), |_worker, n| async move { n * n });
//! assert_eq!(squares.collect::<Vec<_>>().await, [1, 4, 9, 16, 25]);
//! # Ok::<(), fanout_core::ConfigError>(())
//! # }).unwrap();
//! ```

mod ends_after_panic;
mod free_ids;

use std::sync::Arc;

use fanout_core::{AsyncFanOutFanIn, AsyncWork, FanConfig};
use futures_core::Stream;
use futures_util::StreamExt;

use crate::ends_after_panic::EndsAfterPanic;
use crate::free_ids::FreeIds;

/// Async work as futures' `buffer_unordered(workers)`, inside the consumer's task; see the
/// [crate docs](crate) for its strategy and in-flight bound.
#[derive(Debug)]
pub struct BufferUnordered {
    config: FanConfig,
}

impl AsyncFanOutFanIn for BufferUnordered {
    const NAME: &'static str = "buffer-unordered";

    fn new(config: FanConfig) -> Self {
        BufferUnordered { config }
    }

    fn config(&self) -> &FanConfig {
        &self.config
    }

    fn in_flight_bound(&self) -> usize {
        self.config.workers.get()
    }

    fn run<S, T, R, F>(&self, items: S, work: F) -> impl Stream<Item = R> + Send + 'static
    where
        S: Stream<Item = T> + Send + 'static,
        T: Send + 'static,
        R: Send + 'static,
        F: AsyncWork<T, R>,
    {
        let workers = self.config.workers.get();
        let ids = Arc::new(FreeIds::new(workers));
        let giving_back = Arc::clone(&ids);
        let results = items
            .map(move |item| {
                let id = ids.take();
                let result = work(id, item);
                async move { (id, result.await) }
            })
            .buffer_unordered(workers)
            // Given back as the result leaves `buffer_unordered`, which takes the next
            // item only on its next poll.
            .map(move |(id, result)| {
                giving_back.give_back(id);
                result
            });
        EndsAfterPanic::new(results)
    }
}
