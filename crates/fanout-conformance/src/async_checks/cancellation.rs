//! Async guarantee: dropping the output stream cancels the run.

use std::time::Duration;

use fanout_core::AsyncFanOutFanIn;
use futures_util::{StreamExt, stream};

use super::probe::AsyncProbe;
use super::runtimes::{Runtime, on_each_runtime};
use super::{alive_tasks, async_engine, eventually};
use crate::checks::PATIENCE;
use crate::probe::Echo;
use crate::watchdog::Check;

/// Once the output stream of a run on an endless input, with work futures waiting on the
/// runtime's timer, has been dropped: no work future and no input is polled again, however
/// long the timers run on; and soon after, the runtime has no more tasks alive than it had
/// before the run, no work future is in progress and the run holds neither its input nor
/// `work`. Random states vary how many results are read before the drop (0: dropped
/// before its first poll).
pub fn async_cancellation<E: AsyncFanOutFanIn + 'static>() {
    on_each_runtime::<E, _>(
        "async_cancellation",
        async |check: &Check, runtime: Runtime| {
            for (workers, capacity) in [(1, 0), (3, 1), (4, 8)] {
                let engine: E = async_engine(check, workers, capacity);
                let read = check.vary(5, 0..=20);
                check.case(format_args!(
                    "{runtime} workers={workers} capacity={capacity}, endless input, work sleeps \
                 1 ms three times, stream dropped after {read} results"
                ));
                let tasks_before = alive_tasks();
                let probe = AsyncProbe::new();
                let work = probe.work(|worker, item: u64| async move {
                    for _ in 0..3 {
                        tokio::time::sleep(Duration::from_millis(1)).await;
                    }
                    Echo { item, worker }
                });
                let mut results = Box::pin(engine.run(probe.input(stream::iter(0u64..)), work));
                for _ in 0..read {
                    if results.next().await.is_none() {
                        check.fail("an endless input ended");
                    }
                }
                drop(results);
                probe.consumer_has_gone();

                let ended = eventually(PATIENCE, || {
                    alive_tasks() <= tasks_before
                        && probe.in_progress() == 0
                        && probe.alive() == (0, 0)
                })
                .await;
                check.ensure(ended, || {
                    let (inputs, works) = probe.alive();
                    format!(
                        "{PATIENCE:?} after the stream was dropped, {} tasks of the run still \
                     alive, {} work futures in progress, input held {inputs}, work held \
                     {works}: the run was not cancelled",
                        alive_tasks().saturating_sub(tasks_before),
                        probe.in_progress()
                    )
                });
                // Timers of work futures dropped with the run would have fired by now.
                tokio::time::sleep(Duration::from_millis(10)).await;
                let polls = probe.polls_after_drop();
                check.ensure(polls == 0, || {
                    format!(
                        "work futures or the input were polled {polls} times after the stream \
                     was dropped"
                    )
                });
            }
        },
    );
}
