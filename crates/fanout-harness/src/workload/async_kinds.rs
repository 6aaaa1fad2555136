//! The workloads whose async form differs from their blocking one: `async-sleep-<d>`
//! (tokio's timer) and `spawn-blocking-spin-<d>` (the spin moved off the runtime).

use std::future::Future;

use fanout_core::WorkerId;

use super::kinds::{Kind, Sleep};

/// A sleep that waits on tokio's timer in async rows and blocks the thread in blocking
/// rows: the same wait, each in the form its rows take.
#[derive(Clone, Copy)]
pub(super) struct OnTimer(pub(super) Sleep);

impl Kind for OnTimer {
    type Item = u64;
    type Output = u64;

    fn item(&self, id: u64) -> u64 {
        self.0.item(id)
    }

    fn work(&self, worker: WorkerId, item: u64) -> u64 {
        self.0.work(worker, item)
    }

    fn work_async(
        &self,
        _worker: WorkerId,
        item: u64,
    ) -> impl Future<Output = u64> + Send + 'static + use<> {
        let duration = self.0.duration;
        async move {
            tokio::time::sleep(duration).await;
            item
        }
    }

    fn id(output: &u64) -> u64 {
        *output
    }
}

/// Blocking work moved off the runtime's threads: async rows run it on tokio's blocking
/// pool through `spawn_blocking` and await it, blocking rows call it as they always do.
#[derive(Clone, Copy)]
pub(super) struct OffRuntime<K>(pub(super) K);

impl<K: Kind> Kind for OffRuntime<K> {
    type Item = K::Item;
    type Output = K::Output;

    fn item(&self, id: u64) -> K::Item {
        self.0.item(id)
    }

    fn work(&self, worker: WorkerId, item: K::Item) -> K::Output {
        self.0.work(worker, item)
    }

    fn work_async(
        &self,
        worker: WorkerId,
        item: K::Item,
    ) -> impl Future<Output = K::Output> + Send + 'static + use<K> {
        let kind = self.0.clone();
        let blocking = tokio::task::spawn_blocking(move || kind.work(worker, item));
        async move {
            match blocking.await {
                Ok(output) => output,
                // A panic in the work comes out of the await with its own payload.
                Err(error) if error.is_panic() => std::panic::resume_unwind(error.into_panic()),
                Err(error) => panic!("spawn_blocking's task did not finish: {error}"),
            }
        }
    }

    fn id(output: &K::Output) -> u64 {
        K::id(output)
    }
}
