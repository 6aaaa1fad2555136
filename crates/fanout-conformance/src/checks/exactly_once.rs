//! Guarantee 1: one result per input item, none lost, none duplicated, then the end.

use fanout_core::FanOutFanIn;

use super::{echo, expect_exactly_once, uneven_work};
use crate::size::sized;
use crate::watchdog::under_watchdog;

/// One result per item, none lost or duplicated, and `None` after the last one, over a
/// spread of workers, capacities and input lengths. Random states vary the longer inputs'
/// lengths and capacities, and make the work uneven.
pub fn exactly_once<E: FanOutFanIn + 'static>() {
    under_watchdog::<E>("exactly_once", |check| {
        let cases: [(usize, usize, u64); 6] = [
            (1, 0, 0),
            (1, 0, 1),
            (2, 1, 10),
            (3, 0, 500),
            (4, 7, 2_000),
            (8, 16, 5_000),
        ];
        // 0 (the canonical random state's) means no extra work at all.
        let salt = check.vary(0, 1..=u64::MAX);
        for (workers, capacity, items) in cases {
            let (capacity, items) = if items > 10 {
                (
                    check.vary(capacity, 0..=16),
                    sized(check.vary(items, 11..=5_000)),
                )
            } else {
                (capacity, items)
            };
            let engine: E = check.engine(workers, capacity);
            check.case(format_args!(
                "workers={workers} capacity={capacity} items={items} salt={salt:#x}"
            ));
            let work = move |worker, item| {
                if salt != 0 {
                    uneven_work(item, salt);
                }
                echo(worker, item)
            };
            check.run(&engine, 0..items, work, |mut results| {
                expect_exactly_once(check, &mut results, items);
            });
        }
    });
}
