//! Fault: one call of `work` takes far longer than the rest while the consumer drops the
//! iterator.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::thread;
use std::time::{Duration, Instant};

use fanout_core::FanOutFanIn;

use crate::accounting::{AliveTasks, Baseline};
use crate::checks::{PATIENCE, expect_stopped};
use crate::probe::{Latch, Probe};
use crate::watchdog::alone_with_own_runs;

/// How long the slow call goes on after the drop has begun.
const HOLD: Duration = Duration::from_millis(200);

/// How long no call of `work` may start before the run counts as settled.
const SETTLED: Duration = Duration::from_millis(20);

/// The first call of `work` off the consumer's thread blocks until well after the consumer
/// has begun to drop the iterator, while every other call returns at once, on an endless
/// input. (Calls on the consumer's thread, where the consumer works, cannot outlast its
/// `next()`; an engine whose only worker is the consumer has no call to wait for, and is
/// skipped.) The drop waits
/// for the slow call, and no longer: it returns only once that call has returned, the run
/// starts no new call meanwhile beyond one per other worker (a worker that had just passed
/// its check of the stop flag when the drop began), and it returns within the watchdog's
/// patience of the slow call's end. Before the drop, the run must settle: no call starts
/// for a while once the consumer has stopped reading. Random states vary how many results
/// are read first.
pub fn slow_call_at_drop<E: FanOutFanIn + 'static>(alive_tasks: AliveTasks<E>) {
    alone_with_own_runs::<E>("slow_call_at_drop", move |check| {
        for (workers, capacity) in [(1, 0), (4, 2), (8, 16)] {
            let engine: E = check.engine(workers, capacity);
            if engine.workers_while_away() == 0 {
                continue;
            }
            let baseline = Baseline::of(check, &engine, alive_tasks);
            // With one worker, busy with the slow call, no result could come before it.
            let taken = if workers > 1 {
                check.vary(5, 0..=50)
            } else {
                0
            };
            check.case(format_args!(
                "workers={workers} capacity={capacity}, endless input, one call slow, \
                 dropped after {taken} results"
            ));
            let probe = Probe::new();
            let release = Arc::new(Latch::default());
            let slow_started = Arc::new(Latch::default());
            let consumer = thread::current().id();
            let slow_taken = Arc::new(AtomicBool::new(false));
            let work = {
                let (release, slow_started) = (Arc::clone(&release), Arc::clone(&slow_started));
                probe.work(move |_, item: u64| {
                    let off_the_consumer = thread::current().id() != consumer;
                    if off_the_consumer && !slow_taken.swap(true, Ordering::SeqCst) {
                        slow_started.open();
                        release.wait(PATIENCE);
                    }
                    item
                })
            };
            let mut results = engine.run(probe.input(0u64..), work);
            let read = results.by_ref().take(taken).count();
            check.ensure(read == taken, || {
                format!("an endless input gave {read} results, not {taken}")
            });
            check.ensure(slow_started.wait(PATIENCE), || {
                String::from("no call was ever made off the consumer's thread")
            });
            // Results the consumer has just taken leave room that workers fill after it
            // stops reading, for as long as the scheduler takes to run them all: only a
            // run that has settled shows what the drop itself starts.
            let settled = probe.calls_started_once_still(SETTLED, PATIENCE);
            check.ensure(settled.is_some(), || {
                String::from(
                    "calls of work went on starting while the consumer read nothing: the \
                     in-flight bound does not hold",
                )
            });

            let releaser = {
                let release = Arc::clone(&release);
                thread::spawn(move || {
                    thread::sleep(HOLD);
                    release.open();
                    Instant::now()
                })
            };
            let calls_before_drop = probe.calls_started();
            drop(results);
            let returned = Instant::now();
            let calls_during_drop = probe.calls_started() - calls_before_drop;
            check.ensure(release.is_open() && probe.active_calls() == 0, || {
                String::from("drop returned while the slow call was still running")
            });
            let most = workers - 1;
            check.ensure(calls_during_drop <= most, || {
                format!(
                    "{calls_during_drop} calls of work started while the drop waited for the \
                     slow one, more than the {most} other workers could have begun as it \
                     started: the drop kept the run going"
                )
            });
            let released = releaser.join().expect("the releaser does not panic");
            let after_release = returned.saturating_duration_since(released);
            check.ensure(after_release <= PATIENCE, || {
                format!("drop returned {after_release:?} after the slow call ended")
            });
            expect_stopped(check, &probe);
            baseline.expect_run_gone(check);
        }
    });
}
