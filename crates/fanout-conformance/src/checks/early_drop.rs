//! Guarantee 5: dropping the iterator stops the run and returns only once it has stopped.

use std::sync::Arc;
use std::thread;
use std::time::{Duration, Instant};

use fanout_core::FanOutFanIn;

use super::PATIENCE;
use crate::probe::{Latch, Probe, eventually};
use crate::watchdog::{Check, under_watchdog};

/// How long the calls in flight are held after the drop starts: a drop that returns
/// sooner did not wait for them.
const HOLD: Duration = Duration::from_millis(200);

/// Dropping the iterator mid-run stops pulling input, lets the calls of `work` in flight
/// finish, and returns only when every thread or task of the run has stopped (the run no
/// longer holds its input or `work`). Also when dropped before the first `next()`.
pub fn early_drop<E: FanOutFanIn + 'static>() {
    under_watchdog::<E>("early_drop", |check| {
        for (workers, capacity) in [(1, 0), (4, 2), (3, 16)] {
            let engine: E = check.engine(workers, capacity);
            check.case(format_args!(
                "workers={workers} capacity={capacity}, endless input, dropped after one \
                 result with {workers} calls of work in flight"
            ));
            drop_with_calls_in_flight(check, &engine, workers);

            check.case(format_args!(
                "workers={workers} capacity={capacity}, endless input, dropped before next()"
            ));
            let probe = Probe::new();
            drop(engine.run(probe.input(0u64..), probe.work(|_, item: u64| item)));
            expect_stopped(check, &probe);
        }
    });
}

fn drop_with_calls_in_flight<E: FanOutFanIn>(check: &Check, engine: &E, workers: usize) {
    let probe = Probe::new();
    let release = Arc::new(Latch::default());
    let work = {
        let release = Arc::clone(&release);
        // Item 0 passes at once; every other call waits for the release.
        probe.work(move |_, item: u64| {
            if item > 0 {
                release.wait(PATIENCE);
            }
            item
        })
    };
    let mut results = engine.run(probe.input(0u64..), work);
    check.ensure(results.next().is_some(), || {
        String::from("an endless input gave no result")
    });
    let all_busy = eventually(PATIENCE, || probe.active_calls() == workers);
    check.ensure(all_busy, || {
        format!(
            "only {} of {workers} workers took an item from an endless input",
            probe.active_calls()
        )
    });

    let releaser = {
        let release = Arc::clone(&release);
        thread::spawn(move || {
            thread::sleep(HOLD);
            release.open();
        })
    };
    let started = Instant::now();
    drop(results);
    let took = started.elapsed();
    check.ensure(release.is_open() && probe.active_calls() == 0, || {
        format!(
            "drop returned after {took:?}, while {} calls of work were still running: \
             it does not wait for the run's threads or tasks",
            probe.active_calls()
        )
    });
    expect_stopped(check, &probe);
    let _ = releaser.join();
}

/// After a drop: the run holds neither input nor `work`, and pulls no more.
fn expect_stopped(check: &Check, probe: &Probe) {
    let (inputs, works) = probe.alive();
    check.ensure(inputs == 0 && works == 0, || {
        format!(
            "after drop returned, the run still held its input ({inputs}) or work ({works}): \
             some thread or task of the run is still alive"
        )
    });
    let pulled = probe.pulled();
    thread::sleep(Duration::from_millis(10));
    check.ensure(probe.pulled() == pulled, || {
        String::from("the input was pulled after drop returned")
    });
}
