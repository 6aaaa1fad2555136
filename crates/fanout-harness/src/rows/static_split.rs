//! `static-split`: the input dealt to the workers in advance, round robin, with no shared
//! queue: what automatic load balancing claims to beat.

use std::thread;

use fanout_core::FanConfig;

use super::{Job, Runner, blocking};

/// Collects the input, deals item `k` to worker `k % workers + 1`, runs each worker's
/// share on its own scoped thread, and hands every result over once all have ended. No
/// item moves between workers, so a worker dealt heavy items finishes last while the
/// others wait; with no hand-off per item it is also the cheapest split there is.
pub struct StaticSplit(FanConfig);

impl Runner for StaticSplit {
    const NAME: &'static str = "static-split";

    fn build(config: &FanConfig) -> Self {
        StaticSplit(config.clone())
    }

    fn drive<I, T, R, J>(&self, items: I, job: J, sink: impl FnMut(R))
    where
        I: Iterator<Item = T> + Send + 'static,
        T: Send + 'static,
        R: Send + 'static,
        J: Job<T, R>,
    {
        let work = blocking(job);
        let workers = self.0.workers.get();
        let mut shares: Vec<Vec<T>> = (0..workers).map(|_| Vec::new()).collect();
        for (index, item) in items.enumerate() {
            shares[index % workers].push(item);
        }
        let results: Vec<Vec<R>> = thread::scope(|scope| {
            let handles: Vec<_> = shares
                .into_iter()
                .enumerate()
                .map(|(index, share)| {
                    let work = &work;
                    scope.spawn(move || {
                        share
                            .into_iter()
                            .map(|item| work(index + 1, item))
                            .collect::<Vec<R>>()
                    })
                })
                .collect();
            handles
                .into_iter()
                .map(|handle| handle.join().expect("no panics here"))
                .collect()
        });
        results.into_iter().flatten().for_each(sink);
    }
}
