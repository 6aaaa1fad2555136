//! Async guarantee: the run's work is polled on the runtime its caller is in.

use fanout_core::AsyncFanOutFanIn;
use futures_util::{StreamExt, stream};
use tokio::runtime::Handle;

use super::async_engine;
use super::runtimes::{Runtime, on_each_runtime};
use crate::watchdog::Check;

/// Every work future is polled on the runtime the caller of `run` is in, never on one the
/// engine keeps to itself: the runtime current in each poll is the caller's, on a
/// current-thread and on a multi-thread runtime.
pub fn async_on_callers_runtime<E: AsyncFanOutFanIn + 'static>() {
    on_each_runtime::<E, _>(
        "async_on_callers_runtime",
        async |check: &Check, runtime: Runtime| {
            let callers = Handle::current().id();
            for (workers, capacity) in [(1, 0), (4, 2)] {
                let engine: E = async_engine(check, workers, capacity);
                check.case(format_args!(
                    "{runtime} workers={workers} capacity={capacity} items=50"
                ));
                let work = |_, item: u64| async move {
                    tokio::task::yield_now().await;
                    (item, Handle::try_current().ok().map(|current| current.id()))
                };
                let mut results = std::pin::pin!(engine.run(stream::iter(0..50u64), work));
                while let Some((item, polled_on)) = results.next().await {
                    check.ensure(polled_on == Some(callers), || match polled_on {
                        Some(other) => format!(
                            "the work for item {item} was polled on runtime {other}, not on \
                             the caller's runtime {callers}"
                        ),
                        None => format!(
                            "the work for item {item} was polled outside any tokio runtime, \
                             not on the caller's runtime {callers}"
                        ),
                    });
                }
            }
        },
    );
}
