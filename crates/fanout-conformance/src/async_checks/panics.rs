//! Async guarantee: a panic in `work` or in the input resumes at the consumer's poll with
//! its payload, and the run is cancelled.

use std::future::Future;
use std::panic::{AssertUnwindSafe, panic_any};
use std::pin::Pin;

use fanout_core::{AsyncFanOutFanIn, WorkerId};
use futures_core::Stream;
use futures_util::{FutureExt, StreamExt, stream};

use super::probe::AsyncProbe;
use super::runtimes::{Runtime, on_each_runtime};
use super::{alive_tasks, async_engine, eventually, expect_exactly_once, uneven_echo};
use crate::checks::PATIENCE;
use crate::probe::{Boom, Echo};
use crate::watchdog::{Check, panic_message};

/// Where the panic of one case comes from.
#[derive(Clone, Copy, Debug)]
enum Source {
    /// A poll of the work future.
    WorkFuture,
    /// The call of `work` itself, before it returns a future.
    WorkCall,
    /// The input stream's `poll_next`.
    Input,
    /// A poll of the work future, in `run_ordered`.
    OrderedWorkFuture,
}

/// A panic with payload `Boom(n)`, raised in a work future, in the call of `work`, in the
/// input stream, or in a work future of `run_ordered`, resumes when the consumer polls,
/// with that payload; the stream then ends; the run is cancelled (its tasks end, no work
/// future stays in progress, input and `work` are dropped); and the engine runs again
/// correctly. Random states vary the item that panics.
pub fn async_panics<E: AsyncFanOutFanIn + 'static>() {
    on_each_runtime::<E, _>("async_panics", async |check: &Check, runtime: Runtime| {
        for (workers, capacity, panicking) in [(1, 0, 0), (4, 2, 5), (8, 1, 40)] {
            let engine: E = async_engine(check, workers, capacity);
            let panicking = check.vary(panicking, 0..=99);
            for source in [
                Source::WorkFuture,
                Source::WorkCall,
                Source::Input,
                Source::OrderedWorkFuture,
            ] {
                check.case(format_args!(
                    "{runtime} workers={workers} capacity={capacity} items=100, {source:?} \
                     panics at item {panicking}"
                ));
                let tasks_before = alive_tasks();
                let probe = AsyncProbe::new();
                let input = stream::iter(0..100u64).map(move |item| {
                    if matches!(source, Source::Input) && item == panicking {
                        panic_any(Boom(item));
                    }
                    item
                });
                let work = probe.work(panicking_work(source, panicking));
                let input = probe.input(input);
                if matches!(source, Source::OrderedWorkFuture) {
                    expect_panic(check, engine.run_ordered(input, work), panicking).await;
                } else {
                    expect_panic(check, engine.run(input, work), panicking).await;
                }
                let cancelled = eventually(PATIENCE, || {
                    alive_tasks() <= tasks_before
                        && probe.in_progress() == 0
                        && probe.alive() == (0, 0)
                })
                .await;
                check.ensure(cancelled, || {
                    let (inputs, works) = probe.alive();
                    format!(
                        "{PATIENCE:?} after the panic resumed, {} tasks of the run still \
                         alive, {} work futures in progress, input held {inputs}, work held \
                         {works}: the run was not cancelled",
                        alive_tasks().saturating_sub(tasks_before),
                        probe.in_progress()
                    )
                });
            }
            check.case(format_args!(
                "{runtime} workers={workers} capacity={capacity} items=100, a run after the panics"
            ));
            expect_exactly_once(check, engine.run(stream::iter(0..100), uneven_echo(0)), 100).await;
        }
    });
}

/// `work` that echoes every item but `panicking`, on which it panics with `Boom` where
/// `source` says.
fn panicking_work(
    source: Source,
    panicking: u64,
) -> impl Fn(WorkerId, u64) -> Pin<Box<dyn Future<Output = Echo> + Send>> + Send + Sync + 'static {
    move |worker, item| {
        if matches!(source, Source::WorkCall) && item == panicking {
            panic_any(Boom(item));
        }
        Box::pin(async move {
            tokio::task::yield_now().await;
            if matches!(source, Source::WorkFuture | Source::OrderedWorkFuture) && item == panicking
            {
                panic_any(Boom(item));
            }
            Echo { item, worker }
        })
    }
}

/// Consumes `results`, expecting the panic `Boom(panicking)` to resume at a poll, and the
/// stream to end after it.
async fn expect_panic(check: &Check, results: impl Stream<Item = Echo>, panicking: u64) {
    let mut results = std::pin::pin!(results);
    let outcome = AssertUnwindSafe(async {
        let mut count = 0;
        while results.next().await.is_some() {
            count += 1;
        }
        count
    })
    .catch_unwind()
    .await;
    let payload = match outcome {
        Ok(count) => check.fail(format_args!(
            "the run ended after {count} results and the panic never reached the consumer"
        )),
        Err(payload) => payload,
    };
    match payload.downcast::<Boom>() {
        Ok(boom) => check.ensure(boom.0 == panicking, || {
            format!("the consumer got {boom:?}, not the panic Boom({panicking})")
        }),
        Err(other) => check.fail(format_args!(
            "the consumer got a panic with another payload than Boom({panicking}): {}",
            panic_message(&*other)
        )),
    }
    check.ensure(results.next().await.is_none(), || {
        String::from("the stream yielded a result after the resumed panic")
    });
}
