//! Guarantee 6: a panic in `work` or in the input reaches the consumer, after the run stops.

use std::panic::panic_any;
use std::thread;
use std::time::Duration;

use fanout_core::{FanOutFanIn, Work};

use super::{echo, expect_exactly_once, expect_panic_at_consumer};
use crate::accounting::{Baseline, no_tasks};
use crate::probe::{Boom, Echo, Probe};
use crate::watchdog::alone_under_watchdog;

/// A panic in `work` (first item, a middle one, in ordered runs too, and the slow head of
/// an endless ordered run while the input waits at the reorder gate) or in the input's
/// `next()` resumes at the consumer with the same payload, once the run's workers have
/// stopped (and its threads have gone); `next()` afterwards returns `None`; and the engine
/// runs again correctly. Random states vary the item that panics.
pub fn panics<E: FanOutFanIn + 'static>() {
    alone_under_watchdog::<E>("panics", |check| {
        for (workers, capacity, panicking_item) in [(1, 0, 0), (4, 2, 5), (8, 1, 40)] {
            let engine: E = check.engine(workers, capacity);
            let baseline = Baseline::of(check, &engine, no_tasks);
            let panicking_item = check.vary(panicking_item, 0..=99);
            let probe = Probe::new();

            check.case(format_args!(
                "workers={workers} capacity={capacity} items=100, work panics on item {panicking_item}"
            ));
            let work = probe.work(panics_on(panicking_item));
            check.run(&engine, probe.input(0..100u64), work, |results| {
                expect_panic_at_consumer(check, &probe, results, panicking_item..=panicking_item);
                baseline.expect_run_gone(check);
            });

            check.case(format_args!(
                "workers={workers} capacity={capacity} items=100, run_ordered, work panics on item {panicking_item}"
            ));
            let work = probe.work(panics_on(panicking_item));
            check.run_ordered(&engine, probe.input(0..100u64), work, |results| {
                expect_panic_at_consumer(check, &probe, results, panicking_item..=panicking_item);
                baseline.expect_run_gone(check);
            });

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
            check.run_ordered(&engine, probe.input(0u64..), slow_head_panics, |results| {
                expect_panic_at_consumer(check, &probe, results, 0..=0);
                baseline.expect_run_gone(check);
            });

            check.case(format_args!(
                "workers={workers} capacity={capacity} items=100, the input panics at item {panicking_item}"
            ));
            let input = (0..100u64).inspect(move |&item| {
                if item == panicking_item {
                    panic_any(Boom(item));
                }
            });
            check.run(&engine, probe.input(input), probe.work(echo), |results| {
                expect_panic_at_consumer(check, &probe, results, panicking_item..=panicking_item);
                baseline.expect_run_gone(check);
            });

            check.case(format_args!(
                "workers={workers} capacity={capacity} items=100, a run after the panics"
            ));
            check.run(&engine, 0..100, echo, |mut results| {
                expect_exactly_once(check, &mut results, 100);
            });
        }
    });
}

/// `work` that echoes every item but `panicking_item`, on which it panics with `Boom`.
pub(crate) fn panics_on(panicking_item: u64) -> impl Work<u64, Echo> {
    move |worker, item| {
        if item == panicking_item {
            panic_any(Boom(item));
        }
        echo(worker, item)
    }
}
