//! Fault: a `work` that runs another fan-out inside it.

use std::sync::Arc;

use fanout_core::{FanConfig, FanOutFanIn};

use crate::accounting::{AliveTasks, Baseline};
use crate::watchdog::{Check, alone_with_own_runs};

/// `work` runs a fan-out of its own on a second engine of one worker: one inner engine
/// shared by every call (so with several outer workers it serves several runs at once), and
/// a fresh inner engine made and dropped inside each call. Every outer item's result is the
/// sum its inner run must give, exactly once, and no thread or task of either is left.
/// Random states vary the lengths.
///
/// The inner engine is another engine: an engine whose pool runs `work` (tokio, rayon) can
/// deadlock when every pool thread waits inside `work` for a run of that same engine.
pub fn nested_fan_out<E: FanOutFanIn + 'static>(alive_tasks: AliveTasks<E>) {
    alone_with_own_runs::<E>("nested_fan_out", move |check| {
        for (workers, capacity) in [(1, 0), (3, 2)] {
            let outer: E = check.engine(workers, capacity);
            let inner: E = check.engine(1, check.vary(1, 0..=4));
            let baseline = Baseline::of(check, &outer, alive_tasks);
            let items = check.vary(40, 1..=100);

            check.case(format_args!(
                "outer workers={workers} capacity={capacity} items={items}, each call runs 0..=item \
                 on one shared inner engine of 1 worker"
            ));
            let inner = Arc::new(inner);
            let shared = Arc::clone(&inner);
            let sums = outer.run_ordered(0..items, move |_, item: u64| {
                (item, shared.run(0..=item, |_, n: u64| n).sum::<u64>())
            });
            expect_inner_sums(check, sums, items);
            baseline.expect_run_gone(check);

            check.case(format_args!(
                "outer workers={workers} capacity={capacity} items={items}, each call makes an \
                 engine of 1 worker, runs 0..=item on it and drops it"
            ));
            let sums = outer.run_ordered(0..items, |_, item: u64| {
                let engine = E::new(FanConfig::new(1).expect("one worker"));
                let sum = engine.run(0..=item, |_, n: u64| n).sum::<u64>();
                (item, sum)
            });
            expect_inner_sums(check, sums, items);
            baseline.expect_run_gone(check);
        }
    });
}

/// Expects `(item, sum of 0..=item)` for each item `0..items`, in order.
fn expect_inner_sums(check: &Check, sums: impl Iterator<Item = (u64, u64)>, items: u64) {
    let mut next = 0;
    for (item, sum) in sums {
        check.ensure(item == next, || {
            format!("got item {item} where item {next} was due")
        });
        let expected = item * (item + 1) / 2;
        check.ensure(sum == expected, || {
            format!("the inner run of item {item} summed to {sum}, not {expected}")
        });
        next += 1;
    }
    check.ensure(next == items, || {
        format!("{next} results for {items} items")
    });
}
