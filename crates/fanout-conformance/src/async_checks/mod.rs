//! The async suite: one generic check per guarantee of
//! [`AsyncFanOutFanIn`](fanout_core::AsyncFanOutFanIn), each run on a current-thread and a
//! multi-thread tokio runtime, and what they share.

mod bounded;
mod cancellation;
mod exactly_once;
mod no_leaks;
mod on_callers_runtime;
mod ordered;
mod panics;
mod probe;
mod runtimes;
mod workers;

pub use bounded::async_bounded;
pub use cancellation::async_cancellation;
pub use exactly_once::async_exactly_once;
pub use no_leaks::async_no_leaks;
pub use on_callers_runtime::async_on_callers_runtime;
pub use ordered::async_ordered;
pub use panics::async_panics;
pub use workers::async_workers;

use std::future::Future;
use std::time::{Duration, Instant};

use fanout_core::{AsyncFanOutFanIn, FanConfig, WorkerId};
use futures_core::Stream;
use futures_util::StreamExt;

use crate::probe::Echo;
use crate::watchdog::Check;

/// The checks' usual async `work`: which item, by which worker, after yielding to the
/// runtime 0 to 2 times depending on the item and `salt`, so that futures complete out of
/// order and the engine's tasks interleave.
pub(crate) fn uneven_echo(
    salt: u64,
) -> impl Fn(WorkerId, u64) -> std::pin::Pin<Box<dyn Future<Output = Echo> + Send>> + Send + Sync + 'static
{
    move |worker, item| {
        Box::pin(async move {
            let yields = (item ^ salt).wrapping_mul(0x9E37_79B9_7F4A_7C15) >> 62;
            for _ in 0..yields % 3 {
                tokio::task::yield_now().await;
            }
            Echo { item, worker }
        })
    }
}

/// The async engine `E` with `workers` workers and queues of `capacity`.
pub(crate) fn async_engine<E: AsyncFanOutFanIn>(
    check: &Check,
    workers: usize,
    capacity: usize,
) -> E {
    let config = FanConfig::new(workers)
        .unwrap_or_else(|error| check.fail(error))
        .with_capacity(capacity);
    E::new(config)
}

/// Tasks alive on the runtime the caller is in.
pub(crate) fn alive_tasks() -> usize {
    tokio::runtime::Handle::current()
        .metrics()
        .num_alive_tasks()
}

/// Awaits, sleeping on the runtime's timer in between, until `condition` holds or
/// `timeout` passes; whether it held.
pub(crate) async fn eventually(timeout: Duration, mut condition: impl FnMut() -> bool) -> bool {
    let deadline = Instant::now() + timeout;
    loop {
        if condition() {
            return true;
        }
        if Instant::now() >= deadline {
            return false;
        }
        tokio::time::sleep(Duration::from_millis(1)).await;
    }
}

/// Consumes `results` and fails unless it held exactly one result for each of the items
/// `0..items` and then ended for good (`None`, and `None` again).
pub(crate) async fn expect_exactly_once(
    check: &Check,
    results: impl Stream<Item = Echo>,
    items: u64,
) {
    let mut results = std::pin::pin!(results);
    let mut seen = vec![0u32; usize::try_from(items).expect("item counts fit in memory")];
    while let Some(result) = results.next().await {
        match seen.get_mut(result.item as usize) {
            Some(count) => *count += 1,
            None => check.fail(format_args!(
                "a result for item {}, which was never input",
                result.item
            )),
        }
    }
    let ids_where = |wanted: fn(u32) -> bool| -> Vec<usize> {
        (0..seen.len()).filter(|&id| wanted(seen[id])).collect()
    };
    let lost = ids_where(|count| count == 0);
    check.ensure(lost.is_empty(), || {
        format!(
            "{} of {items} items lost (no result), first ones: {:?}",
            lost.len(),
            &lost[..lost.len().min(10)]
        )
    });
    let duplicated = ids_where(|count| count > 1);
    check.ensure(duplicated.is_empty(), || {
        format!(
            "{} of {items} items had more than one result, first ones: {:?}",
            duplicated.len(),
            &duplicated[..duplicated.len().min(10)]
        )
    });
    check.ensure(results.next().await.is_none(), || {
        String::from("the stream yielded a result after it had ended")
    });
}
