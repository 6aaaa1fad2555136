//! Fault: consumers elsewhere than the run's starter: on another thread, and eight threads
//! sharing one engine at once.

use std::panic::resume_unwind;
use std::sync::Arc;
use std::thread;

use fanout_core::FanOutFanIn;

use super::{consume, tracked_input, tracked_work};
use crate::accounting::{AliveTasks, Baseline};
use crate::checks::{
    PATIENCE, echo, expect_all_dropped_once, expect_exactly_once, expect_panic_at_consumer,
    expect_stopped, panics_on,
};
use crate::probe::{Probe, TimedBarrier};
use crate::watchdog::{Check, alone_with_own_runs};

/// A run started on one thread is consumed on another: partly here and the rest there
/// (exactly once across both), dropped early there, panicking there (the panic resumes on
/// that thread), and in input order there with `run_ordered`. Random states vary the
/// lengths.
pub fn consumer_on_another_thread<E: FanOutFanIn + 'static>(alive_tasks: AliveTasks<E>) {
    alone_with_own_runs::<E>("consumer_on_another_thread", move |check| {
        for (workers, capacity) in [(1, 0), (4, 2)] {
            let engine: E = check.engine(workers, capacity);
            let baseline = Baseline::of(check, &engine, alive_tasks);
            let items = check.vary(500, 1..=2_000);
            let here = check.vary(10, 0..=items as usize);

            check.case(format_args!(
                "workers={workers} capacity={capacity} items={items}, {here} results read here, \
                 the rest on another thread"
            ));
            let mut results = engine.run(0..items, echo);
            let read_here: Vec<_> = results.by_ref().take(here).collect();
            elsewhere(move || {
                let mut all = read_here.into_iter().chain(results);
                expect_exactly_once(check, &mut all, items);
            });
            baseline.expect_run_gone(check);

            check.case(format_args!(
                "workers={workers} capacity={capacity} endless input, dropped on another thread \
                 after {here} results"
            ));
            let probe = Probe::new();
            let results = engine.run(probe.input(0u64..), probe.work(echo));
            elsewhere(move || results.take(here).for_each(drop));
            expect_stopped(check, &probe);
            baseline.expect_run_gone(check);

            let at = check.vary(items / 2, 0..=items - 1);
            check.case(format_args!(
                "workers={workers} capacity={capacity} items={items}, work panics on item {at}, \
                 consumed on another thread"
            ));
            let probe = Probe::new();
            let results = engine.run(probe.input(0..items), probe.work(panics_on(at)));
            let consumer_probe = Arc::clone(&probe);
            elsewhere(move || expect_panic_at_consumer(check, &consumer_probe, results, at..=at));
            baseline.expect_run_gone(check);

            check.case(format_args!(
                "workers={workers} capacity={capacity} items={items}, run_ordered consumed on \
                 another thread"
            ));
            let results = engine.run_ordered(0..items, echo);
            elsewhere(move || {
                let in_order = results.map(|result| result.item).eq(0..items);
                check.ensure(in_order, || {
                    String::from("run_ordered consumed on another thread was not in input order")
                });
            });
            baseline.expect_run_gone(check);
        }
    });
}

/// Runs `consume` on a thread of its own and passes its failure on as raised.
fn elsewhere<'env>(consume: impl FnOnce() + Send + 'env) {
    let outcome = thread::scope(|scope| scope.spawn(consume).join());
    outcome.unwrap_or_else(|failure| resume_unwind(failure));
}

/// How many threads share one engine at once.
const SHARERS: usize = 8;

/// Eight threads share one engine at once, each with a run of its own that starts when all
/// eight are ready: complete runs, runs dropped early, runs whose `work` panics, and
/// ordered runs, side by side. Each gets exactly its own results (or its own panic), every
/// value is dropped once, and afterwards no thread or task of any run is left. Random
/// states vary lengths.
pub fn eight_threads_share_one_engine<E: FanOutFanIn + 'static>(alive_tasks: AliveTasks<E>) {
    alone_with_own_runs::<E>("eight_threads_share_one_engine", move |check| {
        let engine: E = check.engine(4, 4);
        let baseline = Baseline::of(check, &engine, alive_tasks);
        let lengths: Vec<u64> = (0..SHARERS).map(|_| check.vary(300, 1..=1_000)).collect();
        check.case(format_args!(
            "workers=4 capacity=4, {SHARERS} threads at once with runs of {lengths:?} items: \
             complete, dropped early, panicking, ordered, twice each"
        ));
        let everyone_ready = Arc::new(TimedBarrier::new(SHARERS));
        let outcomes: Vec<_> = thread::scope(|scope| {
            let handles: Vec<_> = lengths
                .iter()
                .enumerate()
                .map(|(sharer, &items)| {
                    let (engine, everyone_ready) = (&engine, Arc::clone(&everyone_ready));
                    scope.spawn(move || {
                        let ready = everyone_ready.wait(PATIENCE);
                        check.ensure(ready, || {
                            format!("the {SHARERS} threads were not all ready within {PATIENCE:?}")
                        });
                        one_sharer(check, engine, sharer, items);
                    })
                })
                .collect();
            handles
                .into_iter()
                .map(thread::ScopedJoinHandle::join)
                .collect()
        });
        for outcome in outcomes {
            outcome.unwrap_or_else(|failure| resume_unwind(failure));
        }
        baseline.expect_run_gone(check);
    });
}

/// The run of sharer `sharer`, of a kind chosen by its number.
fn one_sharer<E: FanOutFanIn>(check: &Check, engine: &E, sharer: usize, items: u64) {
    let probe = Probe::new();
    match sharer % 4 {
        0 => expect_exactly_once(check, &mut engine.run(0..items, echo), items),
        1 => {
            let results = engine.run(
                tracked_input(&probe, items),
                tracked_work(&probe, |_, _| {}),
            );
            results.take(items as usize / 2).for_each(drop);
            expect_stopped(check, &probe);
        }
        2 => {
            let at = items / 3;
            let results = engine.run(probe.input(0..items), probe.work(panics_on(at)));
            expect_panic_at_consumer(check, &probe, results, at..=at);
        }
        _ => {
            let (ids, panic) = consume(engine.run_ordered(
                tracked_input(&probe, items),
                tracked_work(&probe, |_, _| {}),
            ));
            check.ensure(panic.is_none() && ids.iter().copied().eq(0..items), || {
                format!(
                    "an ordered run of {items} items among {SHARERS} sharers gave {} results, \
                     not all in order",
                    ids.len()
                )
            });
        }
    }
    expect_all_dropped_once(check, &probe);
}
