//! Fault: the input panics, in `next()` or in its `Drop`.

use std::panic::{AssertUnwindSafe, catch_unwind, panic_any};
use std::sync::Arc;

use fanout_core::FanOutFanIn;
use fanout_core::kit::PanicPayload;

use super::{consume, tracked_input, tracked_work};
use crate::accounting::{AliveTasks, Baseline};
use crate::checks::{expect_all_dropped_once, expect_panic_at_consumer, expect_stopped};
use crate::probe::{Boom, Probe};
use crate::watchdog::{Check, alone_with_own_runs, panic_message};

/// The payload of the panic in the input's `Drop`, distinct from any item's.
const DROP_PANIC: u64 = u64::MAX;

/// The input panics in `next()` on its first item, on a middle one, and where it would have
/// ended; then an input whose `Drop` panics: when the input ends, the consumer gets that
/// panic (after distinct results; it stops the run like any panic); when the consumer drops
/// the iterator early, the panic is swallowed (nobody is left to receive it) and the drop
/// returns normally; and when `next()` panicked first, the consumer gets that first panic,
/// not the `Drop`'s. Every time the run leaves no thread or task and drops every value
/// once. Random states vary lengths and positions.
pub fn panicking_input<E: FanOutFanIn + 'static>(alive_tasks: AliveTasks<E>) {
    alone_with_own_runs::<E>("panicking_input", move |check| {
        for (workers, capacity) in [(1, 0), (4, 2), (8, 16)] {
            let engine: E = check.engine(workers, capacity);
            let baseline = Baseline::of(check, &engine, alive_tasks);
            let items = check.vary(100, 2..=300);
            for (which, at) in [
                ("its first item", 0),
                ("a middle item", check.vary(items / 2, 1..=items - 1)),
                ("its end", items),
            ] {
                check.case(format_args!(
                    "workers={workers} capacity={capacity} items={items}, next() panics at {which} \
                     (item {at})"
                ));
                let probe = Probe::new();
                let input = tracked_input(&probe, items + 1).inspect(move |item| {
                    if item.id == at {
                        panic_any(Boom(at));
                    }
                });
                let results = engine.run(input, tracked_work(&probe, |_, _| {}));
                expect_panic_at_consumer(check, &probe, results, at..=at);
                expect_all_dropped_once(check, &probe);
                baseline.expect_run_gone(check);
            }

            check.case(format_args!(
                "workers={workers} capacity={capacity} items={items}, the input's Drop panics"
            ));
            let probe = Probe::new();
            let input = PanicsOnDrop(tracked_input(&probe, items));
            let (ids, panic) = consume(engine.run(input, tracked_work(&probe, |_, _| {})));
            expect_drop_panic_after_results(check, ids, panic, items);
            expect_all_dropped_once(check, &probe);
            baseline.expect_run_gone(check);

            let taken = check.vary(1, 0..=items as usize);
            check.case(format_args!(
                "workers={workers} capacity={capacity} endless input whose Drop panics, dropped \
                 after {taken} results"
            ));
            let probe = Probe::new();
            let maker = Arc::clone(&probe);
            let input = PanicsOnDrop(probe.input((0u64..).map(move |id| maker.tracked(id))));
            let mut results = engine.run(input, tracked_work(&probe, |_, _| {}));
            results.by_ref().take(taken).for_each(drop);
            let dropped = catch_unwind(AssertUnwindSafe(move || drop(results)));
            check.ensure(dropped.is_ok(), || {
                String::from(
                    "dropping the iterator panicked: the input's Drop panic escaped to a \
                     consumer that had gone",
                )
            });
            expect_stopped(check, &probe);
            expect_all_dropped_once(check, &probe);
            baseline.expect_run_gone(check);

            let at = check.vary(10, 0..=items - 1);
            check.case(format_args!(
                "workers={workers} capacity={capacity} items={items}, next() panics at item \
                 {at} and then the input's Drop panics"
            ));
            let probe = Probe::new();
            let input = PanicsOnDrop(tracked_input(&probe, items).inspect(move |item| {
                if item.id == at {
                    panic_any(Boom(at));
                }
            }));
            let results = engine.run(input, tracked_work(&probe, |_, _| {}));
            expect_panic_at_consumer(check, &probe, results, at..=at);
            expect_all_dropped_once(check, &probe);
            baseline.expect_run_gone(check);
        }
    });
}

/// Expects the input's `Drop` panic at the consumer, after distinct results for items of
/// the input. (Not necessarily all of them: like any panic, it stops the run, and items
/// still queued are dropped unprocessed.)
fn expect_drop_panic_after_results(
    check: &Check,
    mut ids: Vec<u64>,
    panic: Option<PanicPayload>,
    items: u64,
) {
    let payload = panic.unwrap_or_else(|| {
        check.fail(format_args!(
            "the run ended after {} results and the panic in the input's Drop never reached \
             the consumer",
            ids.len()
        ))
    });
    match payload.downcast::<Boom>() {
        Ok(boom) => check.ensure(*boom == Boom(DROP_PANIC), || {
            format!("the consumer got {boom:?}, not the input's Drop panic")
        }),
        Err(other) => check.fail(format_args!(
            "the consumer got another panic than the input's Drop's: {}",
            panic_message(&*other)
        )),
    }
    let received = ids.len();
    ids.sort_unstable();
    ids.dedup();
    check.ensure(
        ids.len() == received && ids.iter().all(|&id| id < items),
        || {
            format!(
                "{received} results before the input's Drop panic, not distinct items of 0..{items}"
            )
        },
    );
}

/// An input whose `Drop` panics with `Boom(DROP_PANIC)`.
struct PanicsOnDrop<I>(I);

impl<I: Iterator> Iterator for PanicsOnDrop<I> {
    type Item = I::Item;

    fn next(&mut self) -> Option<I::Item> {
        self.0.next()
    }
}

impl<I> Drop for PanicsOnDrop<I> {
    fn drop(&mut self) {
        panic_any(Boom(DROP_PANIC));
    }
}
