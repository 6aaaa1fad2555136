//! Guarantee 9: `run_ordered` yields results in input order, inside the in-flight bound.

use std::thread;
use std::time::Duration;

use fanout_core::FanOutFanIn;

use crate::probe::Probe;
use crate::watchdog::under_watchdog;

/// `run_ordered` yields every result in input order, with uneven work per item; and when
/// the head item is slow, items pulled but not yet yielded (in the engine or in the reorder
/// buffer) still never exceed `in_flight_bound()`.
pub fn ordered<E: FanOutFanIn + 'static>() {
    under_watchdog::<E>("ordered", |check| {
        for (workers, capacity) in [(1, 0), (4, 0), (4, 3), (8, 16)] {
            let engine: E = check.engine(workers, capacity);
            check.case(format_args!(
                "workers={workers} capacity={capacity} items=1000, uneven work"
            ));
            let mut next_expected = 0u64;
            for item in engine.run_ordered(0..1_000u64, |_, item| {
                uneven_work(item);
                item
            }) {
                check.ensure(item == next_expected, || {
                    format!("got item {item} where item {next_expected} was due")
                });
                next_expected += 1;
            }
            check.ensure(next_expected == 1_000, || {
                format!("{next_expected} results for 1000 items")
            });

            let bound = engine.in_flight_bound();
            check.case(format_args!(
                "workers={workers} capacity={capacity} in_flight_bound={bound}, endless input, \
                 item 0 takes 50 ms"
            ));
            let probe = Probe::new();
            let slow_head = probe.work(|_, item: u64| {
                if item == 0 {
                    thread::sleep(Duration::from_millis(50));
                }
                item
            });
            let mut results = engine.run_ordered(probe.input(0u64..), slow_head);
            for expected in 0..200u64 {
                let item = results.next();
                check.ensure(item == Some(expected), || {
                    format!("got {item:?} where item {expected} was due")
                });
                let in_flight = probe.receive();
                check.ensure(in_flight <= bound, || {
                    format!(
                        "{in_flight} items pulled but not yet yielded after {} results, above \
                         in_flight_bound() = {bound}: the reorder buffer is not bounded",
                        expected + 1
                    )
                });
            }
        }
    });
}

/// A few microseconds of work that varies from item to item, so results complete out of
/// order.
fn uneven_work(item: u64) {
    let spins = item.wrapping_mul(0x9E37_79B9_7F4A_7C15) >> 54;
    let mut value = item;
    for _ in 0..spins {
        value = std::hint::black_box(value.rotate_left(5) ^ 0x5555);
    }
    std::hint::black_box(value);
}
