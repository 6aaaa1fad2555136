//! Async guarantee: at most `workers` work futures in progress, each with its own id in
//! `1..=workers`, and all `workers` of them in progress at once when work waits.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use fanout_core::AsyncFanOutFanIn;
use futures_util::{StreamExt, stream};

use super::async_engine;
use super::probe::AsyncProbe;
use super::runtimes::{Runtime, on_each_runtime};
use crate::checks::PATIENCE;
use crate::probe::Echo;
use crate::watchdog::Check;

/// Every id `work` is called with is in `1..=workers`; no two work futures in progress hold
/// the same id; no more than `workers` are in progress at once (from the call of `work` to
/// the future's completion or drop); and `workers` of them are: a barrier of `workers`
/// parties awaited in the first `workers` futures completes. Random states vary how many
/// items follow the barrier.
pub fn async_workers<E: AsyncFanOutFanIn + 'static>() {
    on_each_runtime::<E, _>("async_workers", async |check: &Check, runtime: Runtime| {
        for workers in [1, 3, 8] {
            let engine: E = async_engine(check, workers, 2);
            let items = check.vary(6, 2..=12) * workers as u64;
            check.case(format_args!(
                "{runtime} workers={workers} capacity=2 items={items}, the first {workers} \
                 await a barrier"
            ));
            let probe = AsyncProbe::new();
            let barrier = Arc::new(tokio::sync::Barrier::new(workers));
            let barrier_timeouts = Arc::new(AtomicUsize::new(0));
            let work = {
                let barrier_timeouts = Arc::clone(&barrier_timeouts);
                probe.work(move |worker, item: u64| {
                    let barrier = Arc::clone(&barrier);
                    let barrier_timeouts = Arc::clone(&barrier_timeouts);
                    async move {
                        // Once one wait has given up the barrier counts as broken, and the
                        // waits after it give up at once: a failing engine is reported after
                        // one deadline, not one per party.
                        if item < workers as u64 {
                            let broken = barrier_timeouts.load(Ordering::SeqCst) > 0;
                            if broken
                                || tokio::time::timeout(PATIENCE, barrier.wait())
                                    .await
                                    .is_err()
                            {
                                barrier_timeouts.fetch_add(1, Ordering::SeqCst);
                            }
                        } else {
                            tokio::time::sleep(Duration::from_micros(200)).await;
                        }
                        Echo { item, worker }
                    }
                })
            };
            let received = engine.run(stream::iter(0..items), work).count().await as u64;
            check.ensure(received == items, || {
                format!("{received} results for {items} items")
            });
            let outside: Vec<_> = probe
                .ids_seen()
                .into_iter()
                .filter(|id| !(1..=workers).contains(id))
                .collect();
            check.ensure(outside.is_empty(), || {
                format!("work was called with worker ids {outside:?}, outside 1..={workers}")
            });
            if let Some(id) = probe.shared_id() {
                check.fail(format_args!(
                    "two work futures in progress at once held the same worker id {id}"
                ));
            }
            let most = probe.most_in_progress();
            check.ensure(most <= workers, || {
                format!(
                    "{most} work futures were in progress at once, more than the {workers} \
                     workers"
                )
            });
            check.ensure(barrier_timeouts.load(Ordering::SeqCst) == 0, || {
                format!(
                    "a barrier of {workers} parties awaited in work was not complete after \
                     {PATIENCE:?}: the {workers} workers were never all in progress at once"
                )
            });
        }
    });
}
