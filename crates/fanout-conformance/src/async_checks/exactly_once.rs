//! Async guarantee: one result per item, none lost, none duplicated, then the end.

use fanout_core::AsyncFanOutFanIn;
use futures_util::StreamExt;
use futures_util::stream::{self, BoxStream};

use super::runtimes::{Runtime, on_each_runtime};
use super::{async_engine, expect_exactly_once, uneven_echo};
use crate::size::sized;
use crate::watchdog::Check;

/// Every item of the input gives exactly one result, and the stream then ends for good,
/// for inputs of 0, 1, 2, a few and many items, always ready or now and then `Pending`,
/// with futures that complete out of order. Random states vary the order in which futures
/// complete.
pub fn async_exactly_once<E: AsyncFanOutFanIn + 'static>() {
    on_each_runtime::<E, _>(
        "async_exactly_once",
        async |check: &Check, runtime: Runtime| {
            for (workers, capacity) in [(1, 0), (3, 1), (8, 16)] {
                let engine: E = async_engine(check, workers, capacity);
                let salt = check.vary(0, 1..=u64::MAX);
                for items in [0, 1, 2, 5 * workers as u64 + 3, sized(1_000)] {
                    for input_waits in [false, true] {
                        check.case(format_args!(
                            "{runtime} workers={workers} capacity={capacity} items={items} \
                             salt={salt:#x} input_waits={input_waits}"
                        ));
                        let results = engine.run(input(items, input_waits), uneven_echo(salt));
                        expect_exactly_once(check, results, items).await;
                    }
                }
            }
        },
    );
}

/// The items `0..items`, always ready, or (`waits`) yielding to the runtime before every
/// third one, so that the engine meets an input that answers `Pending` and wakes it later.
fn input(items: u64, waits: bool) -> BoxStream<'static, u64> {
    if !waits {
        return stream::iter(0..items).boxed();
    }
    stream::iter(0..items)
        .then(|item| async move {
            if item % 3 == 0 {
                tokio::task::yield_now().await;
            }
            item
        })
        .boxed()
}
