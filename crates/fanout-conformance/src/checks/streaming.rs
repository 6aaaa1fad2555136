//! Guarantee 2: the input is pulled as workers free up, never collected first.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use fanout_core::FanOutFanIn;

use super::{PATIENCE, echo, expect_exactly_once};
use crate::probe::Latch;
use crate::watchdog::under_watchdog;

/// The first result reaches the consumer while the input is still producing: an input
/// that will not yield its second item until the consumer has its first result must not
/// deadlock. And an endless input can be run, sampled and dropped.
pub fn streaming<E: FanOutFanIn + 'static>() {
    under_watchdog::<E>("streaming", |check| {
        for (workers, capacity) in [(1, 0), (4, 1), (3, 16)] {
            let engine: E = check.engine(workers, capacity);
            check.case(format_args!(
                "workers={workers} capacity={capacity} items=50, item 1 waits for the first result"
            ));
            let first_result = Arc::new(Latch::default());
            let waited_in_vain = Arc::new(AtomicBool::new(false));
            let input = {
                let first_result = Arc::clone(&first_result);
                let waited_in_vain = Arc::clone(&waited_in_vain);
                (0..50u64).inspect(move |&item| {
                    if item == 1 && !first_result.wait(PATIENCE) {
                        waited_in_vain.store(true, Ordering::SeqCst);
                    }
                })
            };
            let mut results = engine.run(input, echo);
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
            expect_exactly_once(check, &mut all, 50);
        }

        let engine: E = check.engine(2, 2);
        check.case("workers=2 capacity=2, endless input, 10 results taken, then dropped");
        let taken = engine.run(0u64.., echo).take(10).count();
        check.ensure(taken == 10, || {
            format!("an endless input gave {taken} results, not 10")
        });
    });
}
