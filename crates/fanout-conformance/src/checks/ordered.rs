//! Guarantee 9: `run_ordered` yields results in input order, inside the in-flight bound.

use std::thread;
use std::time::Duration;

use fanout_core::FanOutFanIn;

use super::uneven_work;
use crate::probe::Probe;
use crate::size::sized;
use crate::watchdog::under_watchdog;

/// `run_ordered` yields every result in input order, with uneven work per item; and when
/// one item near the head is slow, items pulled but not yet yielded (in the engine or in
/// the reorder buffer) still never exceed `in_flight_bound()`. Random states vary the
/// lengths, the unevenness and which item is slow.
pub fn ordered<E: FanOutFanIn + 'static>() {
    under_watchdog::<E>("ordered", |check| {
        for (workers, capacity) in [(1, 0), (4, 0), (4, 3), (8, 16)] {
            let engine: E = check.engine(workers, capacity);
            let items = sized(check.vary(1_000, 0..=3_000));
            let salt = check.vary(0, 1..=u64::MAX);
            check.case(format_args!(
                "workers={workers} capacity={capacity} items={items}, uneven work, salt={salt:#x}"
            ));
            let uneven = move |_, item| {
                uneven_work(item, salt);
                item
            };
            let next_expected = check.run_ordered(&engine, 0..items, uneven, |results| {
                let mut next_expected = 0u64;
                for item in results {
                    check.ensure(item == next_expected, || {
                        format!("got item {item} where item {next_expected} was due")
                    });
                    next_expected += 1;
                }
                next_expected
            });
            check.ensure(next_expected == items, || {
                format!("{next_expected} results for {items} items")
            });

            let bound = engine.in_flight_bound();
            let slow = check.vary(0, 0..=20);
            let yielded = sized(check.vary(200, 50..=400));
            check.case(format_args!(
                "workers={workers} capacity={capacity} in_flight_bound={bound}, endless input, \
                 item {slow} takes 50 ms, {yielded} results read"
            ));
            let probe = Probe::new();
            let slow_item = probe.work(move |_, item: u64| {
                if item == slow {
                    thread::sleep(Duration::from_millis(50));
                }
                item
            });
            check.run_ordered(&engine, probe.input(0u64..), slow_item, |mut results| {
                for expected in 0..yielded {
                    let item = results.next();
                    check.ensure(item == Some(expected), || {
                        format!("got {item:?} where item {expected} was due")
                    });
                    let in_flight = probe.receive();
                    check.ensure(in_flight <= bound, || {
                        format!(
                            "{in_flight} items pulled but not yet yielded after {} results, \
                             above in_flight_bound() = {bound}: the reorder buffer is not \
                             bounded",
                            expected + 1
                        )
                    });
                }
            });
        }
    });
}
