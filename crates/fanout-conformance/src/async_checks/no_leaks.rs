//! Async guarantee: every item and result is dropped exactly once, however the run ends.

use std::panic::{AssertUnwindSafe, panic_any};
use std::sync::Arc;

use fanout_core::AsyncFanOutFanIn;
use futures_util::{FutureExt, StreamExt, stream};

use super::runtimes::{Runtime, on_each_runtime};
use super::{async_engine, eventually};
use crate::checks::{PATIENCE, expect_all_dropped_once};
use crate::probe::{Boom, Probe, Tracked};
use crate::watchdog::Check;

/// How a run ends in the leak check.
#[derive(Clone, Copy, Debug)]
enum Ending {
    Completes,
    DroppedAfter(usize),
    WorkPanicsAt(u64),
    InputPanicsAt(u64),
}

/// Every item and every result made is dropped exactly once, whether the run completes, is
/// dropped early, or panics in `work` or in the input; in plain and ordered runs. Items and
/// results held by tasks that a cancelled run aborts are dropped when the runtime gets to
/// them, so the count is awaited, with a deadline. Random states vary where the run is
/// dropped or panics.
pub fn async_no_leaks<E: AsyncFanOutFanIn + 'static>() {
    on_each_runtime::<E, _>("async_no_leaks", async |check: &Check, runtime: Runtime| {
        let endings = [
            Ending::Completes,
            Ending::DroppedAfter(check.vary(10, 0..=199)),
            Ending::WorkPanicsAt(check.vary(20, 0..=199)),
            Ending::InputPanicsAt(check.vary(30, 0..=199)),
        ];
        for (workers, capacity) in [(1, 0), (4, 3)] {
            let engine: E = async_engine(check, workers, capacity);
            for ending in endings {
                for ordered in [false, true] {
                    check.case(format_args!(
                        "{runtime} workers={workers} capacity={capacity} items=200 \
                         ordered={ordered} {ending:?}"
                    ));
                    let probe = Probe::new();
                    one_run(&engine, &probe, ending, ordered).await;
                    let balanced = eventually(PATIENCE, || {
                        let (made, dropped) = probe.values();
                        made == dropped
                    })
                    .await;
                    if !balanced {
                        expect_all_dropped_once(check, &probe);
                    }
                }
            }
        }
    });
}

async fn one_run<E: AsyncFanOutFanIn>(
    engine: &E,
    probe: &Arc<Probe>,
    ending: Ending,
    ordered: bool,
) {
    let input = {
        let probe = Arc::clone(probe);
        stream::iter(0..200u64).map(move |id| {
            if matches!(ending, Ending::InputPanicsAt(at) if at == id) {
                panic_any(Boom(id));
            }
            probe.tracked(id)
        })
    };
    let work = {
        let probe = Arc::clone(probe);
        move |_, item: Tracked| {
            let probe = Arc::clone(&probe);
            async move {
                tokio::task::yield_now().await;
                if matches!(ending, Ending::WorkPanicsAt(at) if at == item.id) {
                    panic_any(Boom(item.id));
                }
                probe.tracked(item.id)
            }
        }
    };
    let take = match ending {
        Ending::DroppedAfter(count) => count,
        _ => usize::MAX,
    };
    // The panicking endings panic at the consumer; that is the panics check's business.
    let _ = AssertUnwindSafe(async {
        if ordered {
            engine
                .run_ordered(input, work)
                .take(take)
                .for_each(async |result| drop(result))
                .await;
        } else {
            engine
                .run(input, work)
                .take(take)
                .for_each(async |result| drop(result))
                .await;
        }
    })
    .catch_unwind()
    .await;
}
