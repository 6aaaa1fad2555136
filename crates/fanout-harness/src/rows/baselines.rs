//! The two baselines: `sequential` (the speed-up's denominator) and `rayon-par-iter`
//! (the batch ideal, which may collect its input and need not stream).

use fanout_core::FanConfig;
use rayon::prelude::*;

use super::{Job, Runner, blocking};

/// The work inline in the caller, one item after another: no threads, no queues.
pub struct Sequential;

impl Runner for Sequential {
    const NAME: &'static str = "sequential";

    fn build(_config: &FanConfig) -> Self {
        Sequential
    }

    fn drive<I, T, R, J>(&self, items: I, job: J, mut sink: impl FnMut(R))
    where
        I: Iterator<Item = T> + Send + 'static,
        T: Send + 'static,
        R: Send + 'static,
        J: Job<T, R>,
    {
        let work = blocking(job);
        for item in items {
            sink(work(1, item));
        }
    }
}

/// `par_iter().map().collect()` on a pool of `workers` threads: not streaming, every
/// result collected before the first is handed over, as batch code would.
pub struct RayonParIter(rayon::ThreadPool);

impl Runner for RayonParIter {
    const NAME: &'static str = "rayon-par-iter";

    fn build(config: &FanConfig) -> Self {
        RayonParIter(super::reference::rayon_pool(config))
    }

    fn drive<I, T, R, J>(&self, items: I, job: J, sink: impl FnMut(R))
    where
        I: Iterator<Item = T> + Send + 'static,
        T: Send + 'static,
        R: Send + 'static,
        J: Job<T, R>,
    {
        let work = blocking(job);
        let results: Vec<R> = self.0.install(|| {
            items
                .collect::<Vec<T>>()
                .into_par_iter()
                .map(|item| work(super::reference::rayon_worker(), item))
                .collect()
        });
        results.into_iter().for_each(sink);
    }
}
