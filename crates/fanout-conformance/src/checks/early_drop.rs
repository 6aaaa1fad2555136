//! Guarantee 5: dropping the iterator stops the run and returns only once it has stopped.

use std::sync::Arc;
use std::thread;
use std::time::{Duration, Instant};

use fanout_core::FanOutFanIn;

use super::{PATIENCE, expect_stopped};
use crate::accounting::{Baseline, no_tasks};
use crate::probe::{Latch, Probe, eventually};
use crate::watchdog::{Check, Results, alone_under_watchdog};

/// How long the calls in flight are held after the drop starts: a drop that returns
/// sooner did not wait for them.
const HOLD: Duration = Duration::from_millis(200);

/// Dropping the iterator mid-run stops pulling input, lets the calls of `work` in flight
/// finish, and returns only when every thread or task of the run has stopped (the run no
/// longer holds its input or `work`, and the process is back to the threads it had before
/// the run). Also when dropped before the first `next()`. Random states vary how many
/// results the consumer takes before the drop.
pub fn early_drop<E: FanOutFanIn + 'static>() {
    alone_under_watchdog::<E>("early_drop", |check| {
        for (workers, capacity) in [(1, 0), (4, 2), (3, 16)] {
            let engine: E = check.engine(workers, capacity);
            let baseline = Baseline::of(check, &engine, no_tasks);
            let taken = check.vary(1, 1..=8);
            check.case(format_args!(
                "workers={workers} capacity={capacity}, endless input, dropped after {taken} \
                 results with every call that can be in flight in flight"
            ));
            drop_with_calls_in_flight(check, &engine, &baseline, taken);

            check.case(format_args!(
                "workers={workers} capacity={capacity}, endless input, dropped before next()"
            ));
            let probe = Probe::new();
            let work = probe.work(|_, item: u64| item);
            check.run(&engine, probe.input(0u64..), work, |results| {
                drop(results);
                // Inside the scope of a scoped run, whose end would join the threads anyway.
                expect_stopped(check, &probe);
                baseline.expect_run_gone(check);
            });
        }
    });
}

fn drop_with_calls_in_flight<E: FanOutFanIn>(
    check: &Check,
    engine: &E,
    baseline: &Baseline<'_, E>,
    taken: u64,
) {
    let probe = Probe::new();
    let release = Arc::new(Latch::default());
    let consumer = thread::current().id();
    let work = {
        let release = Arc::clone(&release);
        // The first `taken` items pass at once; every other call waits for the release,
        // but for one on the consumer's own thread (an engine whose consumer works), which
        // would otherwise wait for the consumer to drop its own run.
        probe.work(move |_, item: u64| {
            if item >= taken && thread::current().id() != consumer {
                release.wait(PATIENCE);
            }
            item
        })
    };
    check.run(engine, probe.input(0u64..), work, |results| {
        drop_in_flight(check, engine, &probe, &release, results, taken);
        // Inside the scope of a scoped run, whose end would join the threads anyway.
        baseline.expect_run_gone(check);
    });
}

/// Takes `taken` results, waits until every worker that runs while the consumer is away
/// has a call in flight, and drops `results`, expecting the drop to wait for those calls.
fn drop_in_flight<E: FanOutFanIn>(
    check: &Check,
    engine: &E,
    probe: &Probe,
    release: &Arc<Latch>,
    mut results: Results<'_, u64>,
    taken: u64,
) {
    let busy = engine.workers_while_away();
    for _ in 0..taken {
        check.ensure(results.next().is_some(), || {
            String::from("an endless input ran out of results")
        });
    }
    // A scoped run of an engine whose consumer works runs on scoped threads, where all
    // `workers` can be busy while the consumer is away.
    let all_busy = eventually(PATIENCE, || probe.active_calls() >= busy);
    check.ensure(all_busy, || {
        format!(
            "{} calls in flight, where the {busy} workers that run while the consumer is \
             away should all have taken an item from an endless input",
            probe.active_calls()
        )
    });

    let releaser = {
        let release = Arc::clone(release);
        thread::spawn(move || {
            thread::sleep(HOLD);
            release.open();
        })
    };
    let started = Instant::now();
    drop(results);
    let took = started.elapsed();
    // With no call in flight there is nothing for the drop to wait for.
    let waited = busy == 0 || release.is_open();
    check.ensure(waited && probe.active_calls() == 0, || {
        format!(
            "drop returned after {took:?}, while {} calls of work were still running: \
             it does not wait for the run's threads or tasks",
            probe.active_calls()
        )
    });
    expect_stopped(check, probe);
    // Joined before the threads are counted, so that only the run's can be left.
    let _ = releaser.join();
}
