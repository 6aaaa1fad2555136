//! Guarantee 6: a panic in `work` or in the input reaches the consumer, after the run stops.

use std::panic::{AssertUnwindSafe, catch_unwind, panic_any};
use std::thread;
use std::time::Duration;

use fanout_core::{FanOutFanIn, WorkerId};

use super::{echo, expect_exactly_once};
use crate::probe::{Boom, Echo, Probe};
use crate::watchdog::{Check, panic_message, under_watchdog};

/// A panic in `work` (first item, a middle one, in ordered runs too) or in the input's
/// `next()` resumes at the consumer with the same payload, once the run's workers have
/// stopped; `next()` afterwards returns `None`; and the engine runs again correctly.
pub fn panics<E: FanOutFanIn + 'static>() {
    under_watchdog::<E>("panics", |check| {
        for (workers, capacity, panicking_item) in [(1, 0, 0), (4, 2, 5), (8, 1, 40)] {
            let engine: E = check.engine(workers, capacity);
            let probe = Probe::new();

            check.case(format_args!(
                "workers={workers} capacity={capacity} items=100, work panics on item {panicking_item}"
            ));
            let results = engine.run(
                probe.input(0..100u64),
                probe.work(panics_on(panicking_item)),
            );
            expect_panic_at_consumer(check, &probe, results, panicking_item);

            check.case(format_args!(
                "workers={workers} capacity={capacity} items=100, run_ordered, work panics on item {panicking_item}"
            ));
            let results = engine.run_ordered(
                probe.input(0..100u64),
                probe.work(panics_on(panicking_item)),
            );
            expect_panic_at_consumer(check, &probe, results, panicking_item);

            check.case(format_args!(
                "workers={workers} capacity={capacity} endless input, run_ordered, the head item \
                 panics after 20 ms, while the input waits at the reorder gate"
            ));
            let slow_head_panics = probe.work(|worker, item: u64| {
                if item == 0 {
                    thread::sleep(Duration::from_millis(20));
                    panic_any(Boom(0));
                }
                echo(worker, item)
            });
            let results = engine.run_ordered(probe.input(0u64..), slow_head_panics);
            expect_panic_at_consumer(check, &probe, results, 0);

            check.case(format_args!(
                "workers={workers} capacity={capacity} items=100, the input panics at item {panicking_item}"
            ));
            let input = (0..100u64).inspect(move |&item| {
                if item == panicking_item {
                    panic_any(Boom(item));
                }
            });
            let results = engine.run(probe.input(input), probe.work(echo));
            expect_panic_at_consumer(check, &probe, results, panicking_item);

            check.case(format_args!(
                "workers={workers} capacity={capacity} items=100, a run after the panics"
            ));
            expect_exactly_once(check, &mut engine.run(0..100, echo), 100);
        }
    });
}

fn panics_on(panicking_item: u64) -> impl Fn(WorkerId, u64) -> Echo + Send + Sync + 'static {
    move |worker, item| {
        if item == panicking_item {
            panic_any(Boom(item));
        }
        echo(worker, item)
    }
}

/// Consumes `results`, expecting the panic `Boom(item)` to resume at the consumer once the
/// run has stopped, and `next()` to return `None` afterwards.
fn expect_panic_at_consumer<R>(
    check: &Check,
    probe: &Probe,
    mut results: impl Iterator<Item = R>,
    item: u64,
) {
    let outcome = catch_unwind(AssertUnwindSafe(|| results.by_ref().count()));
    let payload = match outcome {
        Ok(count) => check.fail(format_args!(
            "the run ended after {count} results and the panic never reached the consumer"
        )),
        Err(payload) => payload,
    };
    match payload.downcast::<Boom>() {
        Ok(boom) => check.ensure(*boom == Boom(item), || {
            format!("the consumer got {boom:?}, not the panic Boom({item})")
        }),
        Err(other) => check.fail(format_args!(
            "the consumer got a panic with another payload than the one thrown: {}",
            panic_message(&*other)
        )),
    }
    let (inputs, works) = probe.alive();
    check.ensure(
        probe.active_calls() == 0 && inputs == 0 && works == 0,
        || {
            format!(
                "the panic resumed before the run had stopped: {} calls of work running, \
                 input held {inputs}, work held {works}",
                probe.active_calls()
            )
        },
    );
    check.ensure(results.next().is_none(), || {
        String::from("next() after the resumed panic returned a result")
    });
}
