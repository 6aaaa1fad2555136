//! Fault: `work` panics on the first item, on the last, on every item, and in several
//! workers at once.

use std::panic::panic_any;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use fanout_core::FanOutFanIn;

use super::{tracked_input, tracked_work};
use crate::accounting::{AliveTasks, Baseline};
use crate::checks::{PATIENCE, expect_all_dropped_once, expect_panic_at_consumer};
use crate::probe::{Boom, Probe, TimedBarrier};
use crate::watchdog::{Check, alone_with_own_runs};

/// `work` panics on the first item, on the last, on every item, and in all `workers`
/// workers at once (held at a barrier so that they panic together), in `run` and
/// `run_ordered`: each time one of those panics resumes at the consumer, once the run has
/// stopped, its threads and tasks are gone, and every item and result is dropped once.
/// Random states vary the input's length.
pub fn panics_in_work<E: FanOutFanIn + 'static>(alive_tasks: AliveTasks<E>) {
    alone_with_own_runs::<E>("panics_in_work", move |check| {
        for (workers, capacity) in [(1, 0), (4, 2), (8, 16)] {
            let engine: E = check.engine(workers, capacity);
            let baseline = Baseline::of(check, &engine, alive_tasks);
            let items = check.vary(100, 1..=300);
            let last = items - 1;
            let faults: [(&str, u64, u64); 3] = [
                ("the first item", 0, 0),
                ("the last item", last, last),
                ("every item", 0, last),
            ];
            for (which, first, last) in faults {
                for ordered in [false, true] {
                    check.case(format_args!(
                        "workers={workers} capacity={capacity} items={items} ordered={ordered}, \
                         work panics on {which}"
                    ));
                    let probe = Probe::new();
                    let work = tracked_work(&probe, move |_, id| {
                        if (first..=last).contains(&id) {
                            panic_any(Boom(id));
                        }
                    });
                    let input = tracked_input(&probe, items);
                    if ordered {
                        let results = engine.run_ordered(input, work);
                        expect_panic_at_consumer(check, &probe, results, first..=last);
                    } else {
                        let results = engine.run(input, work);
                        expect_panic_at_consumer(check, &probe, results, first..=last);
                    }
                    expect_all_dropped_once(check, &probe);
                    baseline.expect_run_gone(check);
                }
            }
            if workers > 1 {
                panics_in_all_workers_at_once(check, &engine, workers, items.max(workers as u64));
                baseline.expect_run_gone(check);
            }
        }
    });
}

/// The first `workers` items meet at a barrier inside `work`, then all panic.
fn panics_in_all_workers_at_once<E: FanOutFanIn>(
    check: &Check,
    engine: &E,
    workers: usize,
    items: u64,
) {
    check.case(format_args!(
        "workers={workers} items={items}, work panics in all {workers} workers at once"
    ));
    let probe = Probe::new();
    let barrier = Arc::new(TimedBarrier::new(workers));
    let met = Arc::new(AtomicUsize::new(0));
    let work = {
        let met = Arc::clone(&met);
        tracked_work(&probe, move |_, id| {
            if id < workers as u64 {
                if barrier.wait(PATIENCE) {
                    met.fetch_add(1, Ordering::SeqCst);
                }
                panic_any(Boom(id));
            }
        })
    };
    let results = engine.run(tracked_input(&probe, items), work);
    expect_panic_at_consumer(check, &probe, results, 0..=workers as u64 - 1);
    let met = met.load(Ordering::SeqCst);
    check.ensure(met == workers, || {
        format!(
            "only {met} of {workers} workers met at the barrier, so the panics did not \
             happen at once"
        )
    });
    expect_all_dropped_once(check, &probe);
}
