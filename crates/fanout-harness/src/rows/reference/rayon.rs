//! `rayon-reference`: `par_bridge` on a pool, results over a std sync channel.

use std::sync::mpsc::sync_channel;

use fanout_core::{FanConfig, WorkerId};
use rayon::iter::{ParallelBridge, ParallelIterator};

use crate::rows::{Job, Runner, blocking};

/// The shortest correct streaming fan-out/fan-in on rayon.
pub struct RayonReference {
    pool: rayon::ThreadPool,
    capacity: usize,
}

/// A pool of `workers` threads, for the rows that run on rayon.
pub(crate) fn rayon_pool(config: &FanConfig) -> rayon::ThreadPool {
    rayon::ThreadPoolBuilder::new()
        .num_threads(config.workers.get())
        .build()
        .unwrap_or_else(|error| panic!("could not start a rayon pool: {error}"))
}

/// The worker id of the pool thread this runs on, `1..=workers`.
pub(crate) fn rayon_worker() -> WorkerId {
    rayon::current_thread_index().map_or(1, |index| index + 1)
}

impl Runner for RayonReference {
    const NAME: &'static str = "rayon-reference";

    fn build(config: &FanConfig) -> Self {
        RayonReference {
            pool: rayon_pool(config),
            capacity: config.capacity,
        }
    }

    fn drive<I, T, R, J>(&self, items: I, job: J, sink: impl FnMut(R))
    where
        I: Iterator<Item = T> + Send + 'static,
        T: Send + 'static,
        R: Send + 'static,
        J: Job<T, R>,
    {
        let work = blocking(job);
        // The job is spawned onto the pool from a scope that runs on the consumer's thread,
        // rather than installed from a helper thread: an extra thread per run, blocked in
        // `install` beside two busy pool threads and the consumer, made this loop about
        // 1.3x slower on a 2-core machine (1 001 paired runs), which flattered the engine.
        // The scope waits for the job's end, as the engine's drop does, so neither leaves
        // its tail to slow the run measured next.
        let (result_sender, result_receiver) = sync_channel(self.capacity);
        self.pool.in_place_scope(|scope| {
            scope.spawn(|_| {
                items
                    .par_bridge()
                    .for_each_with(result_sender, |results, item| {
                        let _ = results.send(work(rayon_worker(), item));
                    });
            });
            result_receiver.into_iter().for_each(sink);
        });
    }
}
