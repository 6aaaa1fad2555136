//! Guarantee 10: the edges of the configuration space and of the input.

use fanout_core::FanOutFanIn;

use super::{echo, expect_exactly_once};
use crate::size::sized;
use crate::watchdog::under_watchdog;

/// Exactly once at every edge: 0 items, 1 item, more workers than items, workers 1, 3, 8
/// and 64 crossed with capacity 0, 1, 7 and 1024, and 100 000 items. Random states vary the
/// length of the longer inputs.
pub fn edges<E: FanOutFanIn + 'static>() {
    under_watchdog::<E>("edges", |check| {
        for workers in [1, 3, 8, 64] {
            for capacity in [0, 1, 7, 1024] {
                let engine: E = check.engine(workers, capacity);
                for items in [0, 1, 3, check.vary(200, 4..=400)] {
                    check.case(format_args!(
                        "workers={workers} capacity={capacity} items={items}"
                    ));
                    check.run(&engine, 0..items, echo, |mut results| {
                        expect_exactly_once(check, &mut results, items);
                    });
                }
            }
        }
        let engine: E = check.engine(4, 64);
        let items = sized(100_000);
        check.case(format_args!("workers=4 capacity=64 items={items}"));
        check.run(&engine, 0..items, echo, |mut results| {
            expect_exactly_once(check, &mut results, items);
        });
    });
}
