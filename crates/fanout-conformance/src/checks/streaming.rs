//! Guarantee 2: the input is pulled as workers free up, never collected first.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use fanout_core::FanOutFanIn;

use super::{PATIENCE, echo, expect_exactly_once};
use crate::probe::Latch;
use crate::watchdog::under_watchdog;

/// The first result reaches the consumer while the input is still producing: an input that
/// will not yield a later item until the consumer has its first result must not deadlock.
/// And an endless input can be run, sampled and dropped. Random states vary which item
/// waits, the input's length and how many results are sampled.
pub fn streaming<E: FanOutFanIn + 'static>() {
    under_watchdog::<E>("streaming", |check| {
        for (workers, capacity) in [(1, 0), (4, 1), (3, 16)] {
            let engine: E = check.engine(workers, capacity);
            let waiting = check.vary(1u64, 1..=20);
            let items = check.vary(50u64, waiting + 1..=200);
            check.case(format_args!(
                "workers={workers} capacity={capacity} items={items}, item {waiting} waits for \
                 the first result"
            ));
            let first_result = Arc::new(Latch::default());
            let waited_in_vain = Arc::new(AtomicBool::new(false));
            let input = {
                let first_result = Arc::clone(&first_result);
                let waited_in_vain = Arc::clone(&waited_in_vain);
                (0..items).inspect(move |&item| {
                    if item == waiting && !first_result.wait(PATIENCE) {
                        waited_in_vain.store(true, Ordering::SeqCst);
                    }
                })
            };
            check.run(&engine, input, echo, |mut results| {
                let first = results.next();
                first_result.open();
                check.ensure(!waited_in_vain.load(Ordering::SeqCst), || {
                    format!(
                        "the input waited {PATIENCE:?} for the consumer's first result, which \
                         never came: the engine pulls more input before it delivers anything \
                         (does it collect the input first?)"
                    )
                });
                let mut all = first.into_iter().chain(results);
                expect_exactly_once(check, &mut all, items);
            });
        }

        let engine: E = check.engine(2, 2);
        let sampled = check.vary(10, 1..=100);
        check.case(format_args!(
            "workers=2 capacity=2, endless input, {sampled} results taken, then dropped"
        ));
        let taken = check.run(&engine, 0u64.., echo, |results| {
            results.take(sampled).count()
        });
        check.ensure(taken == sampled, || {
            format!("an endless input gave {taken} results, not {sampled}")
        });
    });
}
