//! Fault: an item or a result whose `Drop` panics, wherever the run happens to drop it.

use std::panic::{AssertUnwindSafe, catch_unwind, panic_any};
use std::sync::Arc;
use std::thread;
use std::time::Duration;

use fanout_core::FanOutFanIn;

use super::tracked_input;
use crate::accounting::{AliveTasks, Baseline};
use crate::checks::{PATIENCE, expect_all_dropped_once, expect_panic_at_consumer, expect_stopped};
use crate::probe::{Boom, Latch, Probe, Tracked, eventually};
use crate::watchdog::{Check, alone_with_own_runs, panic_message};

/// The payload of the consumer's own panic, distinct from any item's.
const CONSUMER_PANIC: u64 = u64::MAX - 1;

/// How the consumer leaves a run that still holds a value whose `Drop` panics.
#[derive(Clone, Copy, Debug)]
enum Leaving {
    /// It drops the iterator.
    Drops,
    /// Its own code panics while it holds the iterator, which is dropped during unwinding,
    /// where a second panic escaping a `Drop` would abort the process.
    Unwinds,
}

/// An item or result whose `Drop` panics is dropped once, never twice, and never aborts the
/// process. Where the run can still report it, it is a panic of the run like any other:
/// an item dropped inside `work` makes that call panic, and the consumer gets the panic.
/// Where the consumer has gone (it dropped the iterator, or is unwinding from its own
/// panic), the run swallows it: a result left in a queue or in the reorder buffer of
/// `run_ordered`, or an item left in the job queue, is dropped quietly and the drop returns
/// normally (the consumer's own panic, if any, goes on unchanged). Every time, the run
/// leaves no thread or task behind.
pub fn panicking_drops<E: FanOutFanIn + 'static>(alive_tasks: AliveTasks<E>) {
    alone_with_own_runs::<E>("panicking_drops", move |check| {
        for (workers, capacity) in [(1, 0), (1, 1), (2, 0), (4, 3)] {
            let engine: E = check.engine(workers, capacity);
            let baseline = Baseline::of(check, &engine, alive_tasks);

            let items = check.vary(50, 1..=200);
            let at = check.vary(0, 0..=items - 1);
            check.case(format_args!(
                "workers={workers} capacity={capacity} items={items}, the Drop of item {at} \
                 panics inside work"
            ));
            let probe = Probe::new();
            let maker = Arc::clone(&probe);
            let input = tracked_input(&probe, items).map(move |item| {
                if item.id == at {
                    item.panicking_on_drop()
                } else {
                    item
                }
            });
            let work = probe.work(move |_, item: Tracked| {
                // Dropped before the result is made: a result already made when a local's
                // drop panics is leaked by rustc itself (rust-lang/rust#47949).
                let id = item.id;
                drop(item);
                maker.tracked(id)
            });
            expect_panic_at_consumer(check, &probe, engine.run(input, work), at..=at);
            expect_all_dropped_once(check, &probe);
            baseline.expect_run_gone(check);

            for leaving in [Leaving::Drops, Leaving::Unwinds] {
                for ordered in [false, true] {
                    check.case(format_args!(
                        "workers={workers} capacity={capacity} ordered={ordered}, a result whose \
                         Drop panics is left in the run as the consumer {leaving:?}"
                    ));
                    result_left_behind(check, &engine, leaving, ordered);
                    baseline.expect_run_gone(check);
                }
                if capacity > 0 {
                    check.case(format_args!(
                        "workers={workers} capacity={capacity}, an item whose Drop panics is \
                         pulled but not yet worked on as the consumer {leaving:?}"
                    ));
                    item_left_behind(check, &engine, leaving);
                    baseline.expect_run_gone(check);
                }
            }
            let crowd = 1 + capacity as u64;
            check.case(format_args!(
                "workers={workers} capacity={capacity} items={crowd}, the first of several \
                 results left in the run panics when dropped"
            ));
            crowded_results_left_behind(check, &engine, crowd);
            baseline.expect_run_gone(check);
        }
    });
}

/// The result of the last item panics when dropped, and is the only value left in the run
/// when the consumer leaves: `run_ordered` over two items, where the consumer takes item
/// 0's result (so that item 1's waits in the reorder buffer or in a queue), or `run` over
/// one item, whose result the consumer never takes.
fn result_left_behind<E: FanOutFanIn>(check: &Check, engine: &E, leaving: Leaving, ordered: bool) {
    let probe = Probe::new();
    let last = u64::from(ordered);
    let last_made = Arc::new(Latch::default());
    let work = {
        let (maker, last_made) = (Arc::clone(&probe), Arc::clone(&last_made));
        probe.work(move |_, item: Tracked| {
            let result = maker.tracked(item.id);
            if item.id == last {
                last_made.open();
                return result.panicking_on_drop();
            }
            // Item 0 lets the last item's result go ahead, when another worker can make it.
            last_made.wait(Duration::from_millis(50));
            result
        })
    };
    let input = tracked_input(&probe, last + 1);
    if ordered {
        let mut results = engine.run_ordered(input, work);
        let first = results.next().map(|result| result.id);
        check.ensure(first == Some(0), || {
            format!("run_ordered gave {first:?} first, not item 0")
        });
        leave(check, &probe, results, leaving);
    } else {
        let results = engine.run(input, work);
        // Until the result exists, the run can only drop it inside a worker.
        eventually(PATIENCE, || {
            last_made.is_open() && probe.active_calls() == 0
        });
        leave(check, &probe, results, leaving);
    }
    expect_all_dropped_once(check, &probe);
}

/// Several results wait in the run's queues as the consumer drops it, the first made
/// panicking when dropped. The channels under the engines drop their queued values in a
/// loop that a panic ends, leaking the values after it (crossbeam-channel and std document
/// it), so this checks only what the run itself owes: no panic escapes, and no value is
/// dropped twice.
fn crowded_results_left_behind<E: FanOutFanIn>(check: &Check, engine: &E, items: u64) {
    let probe = Probe::new();
    let work = {
        let maker = Arc::clone(&probe);
        probe.work(move |_, item: Tracked| {
            let result = maker.tracked(item.id);
            if item.id == 0 {
                result.panicking_on_drop()
            } else {
                result
            }
        })
    };
    let results = engine.run(tracked_input(&probe, items), work);
    eventually(PATIENCE, || {
        probe.pulled() as u64 == items && probe.active_calls() == 0
    });
    leave(check, &probe, results, Leaving::Drops);
    let (made, dropped) = probe.values();
    check.ensure(dropped <= made, || {
        format!("{dropped} drops for {made} items and results: some dropped twice")
    });
}

/// Item 0 holds the only worker until the consumer has left; item 1, whose Drop panics,
/// waits in the job queue meanwhile (where the engine has one).
fn item_left_behind<E: FanOutFanIn>(check: &Check, engine: &E, leaving: Leaving) {
    let probe = Probe::new();
    let release = Arc::new(Latch::default());
    let work = {
        let (maker, release) = (Arc::clone(&probe), Arc::clone(&release));
        probe.work(move |_, item: Tracked| {
            release.wait(PATIENCE);
            // Dropped before the result is made (rust-lang/rust#47949, as above).
            let id = item.id;
            drop(item);
            maker.tracked(id)
        })
    };
    let input = tracked_input(&probe, 2).map(|item| {
        if item.id == 1 {
            item.panicking_on_drop()
        } else {
            item
        }
    });
    let results = engine.run(input, work);
    // An engine whose workers pull the input themselves never takes item 1 out of it.
    eventually(Duration::from_millis(200), || probe.pulled() == 2);
    let releaser = thread::spawn(move || {
        thread::sleep(Duration::from_millis(50));
        release.open();
    });
    leave(check, &probe, results, leaving);
    let _ = releaser.join();
    expect_all_dropped_once(check, &probe);
}

/// The consumer leaves `results` as `leaving` says; the run must stop without a panic
/// escaping (but the consumer's own).
fn leave<R>(check: &Check, probe: &Probe, results: impl Iterator<Item = R>, leaving: Leaving) {
    let outcome = catch_unwind(AssertUnwindSafe(move || match leaving {
        Leaving::Drops => drop(results),
        Leaving::Unwinds => {
            let _held = results;
            panic_any(Boom(CONSUMER_PANIC));
        }
    }));
    match (leaving, outcome) {
        (Leaving::Drops, Ok(())) => {}
        (Leaving::Unwinds, Err(payload))
            if payload.downcast_ref::<Boom>() == Some(&Boom(CONSUMER_PANIC)) => {}
        (_, Err(payload)) => check.fail(format_args!(
            "a panic escaped the run to a consumer that had gone: {}",
            panic_message(&*payload)
        )),
        (Leaving::Unwinds, Ok(())) => unreachable!("the consumer's panic was raised"),
    }
    expect_stopped(check, probe);
}
