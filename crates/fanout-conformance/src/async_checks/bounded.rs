//! Async guarantee: the input is polled only as workers free up, and items taken but not
//! yet received stay within `in_flight_bound()`.

use std::time::Duration;

use fanout_core::AsyncFanOutFanIn;
use futures_util::{StreamExt, stream};

use super::probe::AsyncProbe;
use super::runtimes::{Runtime, on_each_runtime};
use super::{async_engine, uneven_echo};
use crate::size::sized;
use crate::watchdog::Check;

/// With an endless input and a consumer that keeps pausing (so the engine fills up as far
/// as it lets itself), the items taken from the input but not yet received never exceed
/// `in_flight_bound()`: before the first result and after each one. An engine that drained
/// its input ahead of its workers would exceed any bound. Random states vary how long the
/// consumer reads, how often it pauses, and the order in which futures complete.
pub fn async_bounded<E: AsyncFanOutFanIn + 'static>() {
    on_each_runtime::<E, _>("async_bounded", async |check: &Check, runtime: Runtime| {
        for (workers, capacity) in [(1, 0), (2, 1), (4, 7), (3, 32)] {
            let engine: E = async_engine(check, workers, capacity);
            let bound = engine.in_flight_bound();
            let results_read = sized(check.vary(300, 50..=1_000));
            let pause_every = check.vary(50, 10..=100);
            let salt = check.vary(0, 1..=u64::MAX);
            check.case(format_args!(
                "{runtime} workers={workers} capacity={capacity} in_flight_bound={bound}, \
                 endless input, slow consumer reading {results_read} results with a pause \
                 every {pause_every}, salt={salt:#x}"
            ));
            let probe = AsyncProbe::new();
            let results = engine.run(probe.input(stream::iter(0u64..)), uneven_echo(salt));
            let mut results = std::pin::pin!(results);
            // Give the run time to fill as far as the engine lets it.
            tokio::time::sleep(Duration::from_millis(20)).await;
            let pulled = probe.pulled();
            check.ensure(pulled <= bound, || {
                format!(
                    "{pulled} items taken from the input before the consumer received \
                     anything, above in_flight_bound() = {bound}: the input is polled ahead \
                     of the workers"
                )
            });
            for received in 1..=results_read {
                if results.next().await.is_none() {
                    check.fail(format_args!(
                        "an endless input ended after {received} results"
                    ));
                }
                let in_flight = probe.receive();
                check.ensure(in_flight <= bound, || {
                    format!(
                        "{in_flight} items in flight (taken, result not yet received) after \
                         {received} results, above in_flight_bound() = {bound}"
                    )
                });
                if received % pause_every == 0 {
                    tokio::time::sleep(Duration::from_millis(2)).await;
                }
            }
        }
    });
}
