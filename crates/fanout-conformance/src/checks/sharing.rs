//! Guarantee 8: one engine serves many runs, in a row and at once, consumed anywhere.

use std::panic::resume_unwind;
use std::sync::Arc;
use std::thread;

use fanout_core::FanOutFanIn;

use super::{PATIENCE, echo, expect_exactly_once};
use crate::probe::TimedBarrier;
use crate::size::sized;
use crate::watchdog::under_watchdog;

/// Runs at once from several threads.
const CONSUMERS: usize = 4;

/// One engine runs many runs in a row; runs started from several threads proceed at the
/// same time (each has its first result before any is finished); and a run's iterator can
/// be consumed on another thread than the one that started it. Random states vary the runs'
/// lengths.
pub fn sharing<E: FanOutFanIn + 'static>() {
    under_watchdog::<E>("sharing", |check| {
        let engine: E = check.engine(4, 16);

        for run in 1..=20 {
            let items = check.vary(100, 0..=300);
            check.case(format_args!(
                "workers=4 capacity=16, run {run} of 20 in a row, items={items}"
            ));
            check.run(&engine, 0..items, echo, |mut results| {
                expect_exactly_once(check, &mut results, items);
            });
        }

        // Few enough items that each run fits in its queues, so that no run's workers wait
        // on a consumer that is itself waiting at the barrier.
        check.case(format_args!(
            "workers=4 capacity=16, {CONSUMERS} runs of 8 items at once, each waiting for all \
             to have a first result"
        ));
        let everyone_started = Arc::new(TimedBarrier::new(CONSUMERS));
        on_threads(|| {
            let everyone_started = Arc::clone(&everyone_started);
            let engine = &engine;
            move || {
                check.run(engine, 0..8, echo, |mut results| {
                    let first = results.next();
                    let overlapped = everyone_started.wait(PATIENCE);
                    check.ensure(overlapped, || {
                        format!(
                            "runs started from {CONSUMERS} threads did not all deliver a \
                             first result within {PATIENCE:?} of each other: the engine \
                             serves one run at a time"
                        )
                    });
                    expect_exactly_once(check, &mut first.into_iter().chain(results), 8);
                });
            }
        });

        let items = sized(check.vary(2_000, 0..=4_000));
        check.case(format_args!(
            "workers=4 capacity=16, {CONSUMERS} threads each consuming a run of {items} items"
        ));
        on_threads(|| {
            let engine = &engine;
            move || {
                check.run(engine, 0..items, echo, |mut results| {
                    expect_exactly_once(check, &mut results, items);
                });
            }
        });

        let items = sized(check.vary(1_000, 0..=2_000));
        check.case(format_args!(
            "workers=4 capacity=16, a run of {items} items started here and consumed on another \
             thread"
        ));
        let consumed = check.run(&engine, 0..items, echo, |mut results| {
            thread::scope(|scope| {
                scope
                    .spawn(move || expect_exactly_once(check, &mut results, items))
                    .join()
            })
        });
        consumed.unwrap_or_else(|failure| resume_unwind(failure));
    });
}

/// Runs the closures `make` makes on [`CONSUMERS`] threads at once, and passes the first
/// failure on as it was raised (a plain `thread::scope` would replace it with its own).
fn on_threads<'env, Body>(mut make: impl FnMut() -> Body)
where
    Body: FnOnce() + Send + 'env,
{
    let outcomes: Vec<_> = thread::scope(|scope| {
        let handles: Vec<_> = (0..CONSUMERS).map(|_| scope.spawn(make())).collect();
        handles
            .into_iter()
            .map(thread::ScopedJoinHandle::join)
            .collect()
    });
    for outcome in outcomes {
        outcome.unwrap_or_else(|failure| resume_unwind(failure));
    }
}
