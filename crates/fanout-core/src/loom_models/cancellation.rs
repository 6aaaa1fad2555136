//! The kit's [`Cancellation`]: once `cancel` has returned, no guarded future is polled,
//! and every guarded poll that was in progress has ended.

use loom::thread;

use crate::flaw::{FLAW, Flaw};
use crate::kit::Cancellation;
use crate::loom_check::{caught, explore};
use crate::sync::{Arc, AtomicUsize, Ordering};

/// Guarded polls each worker tries: a work future pending once and then ready.
const POLLS: usize = 2;

/// Two workers each poll a future [`POLLS`] times through the guard while the consumer's
/// end cancels the run. Each poll counts itself in its worker's counter with a relaxed
/// write, which orders nothing: the canceller, reading the counters relaxed once `cancel`
/// has returned, sees a poll only if that poll happened before `cancel` returned.
///
/// Checked: `cancel` returns (a poll that never ends would leave it waiting), and the
/// counts it sees are the final ones: no poll started after `cancel` returned, and every
/// poll that had started ended before it, seen by it.
fn model() {
    let cancellation = Cancellation::new();
    let counters: Arc<[AtomicUsize; 2]> = Arc::new([AtomicUsize::new(0), AtomicUsize::new(0)]);
    let workers: Vec<_> = (0..2)
        .map(|worker| {
            let (cancellation, counters) = (cancellation.clone(), counters.clone());
            thread::spawn(move || {
                for _ in 0..POLLS {
                    let Some(_poll) = cancellation.start_poll() else {
                        return;
                    };
                    let polls = &counters[worker];
                    polls.store(polls.load(Ordering::Relaxed) + 1, Ordering::Relaxed);
                }
            })
        })
        .collect();
    cancellation.cancel();
    assert!(cancellation.is_cancelled());
    let seen = counters
        .iter()
        .map(|polls| polls.load(Ordering::Relaxed))
        .collect::<Vec<_>>();
    for worker in workers {
        worker.join().unwrap();
    }
    let last = counters
        .iter()
        .map(|polls| polls.load(Ordering::Relaxed))
        .collect::<Vec<_>>();
    assert_eq!(
        seen, last,
        "a poll ran after cancel returned, or ended unseen by it"
    );
}

#[test]
fn loom_cancellation_waits_for_polls_in_progress_and_stops_later_ones() {
    explore("cancellation", model);
}

#[test]
#[ignore = "a broken variant, run in a child process by the test that must catch it"]
fn loom_broken_cancellation_poll_checks_before_announcing() {
    *FLAW.lock().unwrap() = Some(Flaw::PollChecksBeforeAnnouncing);
    explore("broken cancellation: check before announcing", model);
}

#[test]
fn loom_cancellation_model_catches_a_poll_that_checks_before_announcing() {
    let test = concat!(
        module_path!(),
        "::loom_broken_cancellation_poll_checks_before_announcing"
    );
    assert!(caught(test, "a poll ran after cancel returned"));
}

#[test]
#[ignore = "a broken variant, run in a child process by the test that must catch it"]
fn loom_broken_cancellation_poll_ends_relaxed() {
    *FLAW.lock().unwrap() = Some(Flaw::PollEndsRelaxed);
    explore("broken cancellation: poll ends relaxed", model);
}

#[test]
fn loom_cancellation_model_catches_a_poll_end_announced_relaxed() {
    let test = concat!(
        module_path!(),
        "::loom_broken_cancellation_poll_ends_relaxed"
    );
    assert!(caught(test, "a poll ran after cancel returned"));
}
