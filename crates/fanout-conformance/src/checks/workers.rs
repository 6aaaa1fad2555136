//! Guarantee 4: worker ids in `1..=workers`, at most `workers` calls at once, and all of
//! them at once when there is enough work.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::thread;
use std::time::Duration;

use fanout_core::FanOutFanIn;

use super::{PATIENCE, echo};
use crate::probe::{Probe, TimedBarrier};
use crate::watchdog::under_watchdog;

/// Every `worker_id` is in `1..=workers`; no more than `workers` calls of `work` run at
/// once; and `workers` calls do run at once: a barrier of `workers` parties inside `work`
/// completes. Random states vary how many items follow the barrier.
pub fn workers<E: FanOutFanIn + 'static>() {
    under_watchdog::<E>("workers", |check| {
        for workers in [1, 3, 8] {
            let engine: E = check.engine(workers, 2);
            let items = check.vary(6, 2..=12) * workers as u64;
            check.case(format_args!(
                "workers={workers} capacity=2 items={items}, the first {workers} wait at a barrier"
            ));
            let probe = Probe::new();
            let barrier = Arc::new(TimedBarrier::new(workers));
            let barrier_timeouts = Arc::new(AtomicUsize::new(0));
            let work = {
                let barrier_timeouts = Arc::clone(&barrier_timeouts);
                probe.work(move |worker, item: u64| {
                    if item < workers as u64 {
                        if !barrier.wait(PATIENCE) {
                            barrier_timeouts.fetch_add(1, Ordering::SeqCst);
                        }
                    } else {
                        thread::sleep(Duration::from_millis(1));
                    }
                    echo(worker, item)
                })
            };
            let received = check.run(&engine, 0..items, work, |results| {
                let mut received = 0;
                for result in results {
                    received += 1;
                    check.ensure((1..=workers).contains(&result.worker), || {
                        format!(
                            "item {} was processed by worker {}, outside 1..={workers}",
                            result.item, result.worker
                        )
                    });
                }
                received
            });
            check.ensure(received == items, || {
                format!("{received} results for {items} items")
            });
            check.ensure(barrier_timeouts.load(Ordering::SeqCst) == 0, || {
                format!(
                    "a barrier of {workers} parties inside work was not complete after \
                     {PATIENCE:?}: the {workers} workers never all ran at once"
                )
            });
            let most = probe.most_active_calls();
            check.ensure(most <= workers, || {
                format!("{most} calls of work ran at once, more than the {workers} workers")
            });
        }
    });
}
