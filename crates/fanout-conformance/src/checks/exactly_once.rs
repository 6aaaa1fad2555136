//! Guarantee 1: one result per input item, none lost, none duplicated, then the end.

use fanout_core::FanOutFanIn;

use super::{echo, expect_exactly_once};
use crate::watchdog::under_watchdog;

/// One result per item, none lost or duplicated, and `None` after the last one, over a
/// spread of workers, capacities and input lengths.
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
        for (workers, capacity, items) in cases {
            let engine: E = check.engine(workers, capacity);
            check.case(format_args!(
                "workers={workers} capacity={capacity} items={items}"
            ));
            expect_exactly_once(check, &mut engine.run(0..items, echo), items);
        }
    });
}
