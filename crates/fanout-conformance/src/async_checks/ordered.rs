//! Async guarantee: `run_ordered` yields in input order, within the in-flight bound.

use std::time::Duration;

use fanout_core::AsyncFanOutFanIn;
use futures_util::{StreamExt, stream};

use super::async_engine;
use super::probe::AsyncProbe;
use super::runtimes::{Runtime, on_each_runtime};
use crate::probe::Echo;
use crate::size::sized;
use crate::watchdog::Check;

/// `run_ordered` yields one result per item, in input order, and items taken but not yet
/// yielded stay within `in_flight_bound()` even when the head item is slow (every 50th item
/// sleeps, the others yield). Random states vary how many items run.
pub fn async_ordered<E: AsyncFanOutFanIn + 'static>() {
    on_each_runtime::<E, _>("async_ordered", async |check: &Check, runtime: Runtime| {
        for (workers, capacity) in [(1, 0), (3, 1), (4, 8)] {
            let engine: E = async_engine(check, workers, capacity);
            let bound = engine.in_flight_bound();
            let items = sized(check.vary(300, 1..=1_000));
            check.case(format_args!(
                "{runtime} workers={workers} capacity={capacity} in_flight_bound={bound} \
                 items={items}, every 50th item sleeps 3 ms"
            ));
            let probe = AsyncProbe::new();
            let work = probe.work(|worker, item: u64| async move {
                if item.is_multiple_of(50) {
                    tokio::time::sleep(Duration::from_millis(3)).await;
                } else {
                    tokio::task::yield_now().await;
                }
                Echo { item, worker }
            });
            let results = engine.run_ordered(probe.input(stream::iter(0..items)), work);
            let mut results = std::pin::pin!(results);
            let mut due = 0;
            while let Some(result) = results.next().await {
                check.ensure(result.item == due, || {
                    format!(
                        "the result for item {} came when item {due} was due",
                        result.item
                    )
                });
                due += 1;
                let in_flight = probe.receive();
                check.ensure(in_flight <= bound, || {
                    format!(
                        "{in_flight} items in flight (taken, not yet yielded in order) after \
                         {due} results, above in_flight_bound() = {bound}"
                    )
                });
            }
            check.ensure(due == items, || format!("{due} results for {items} items"));
        }
    });
}
