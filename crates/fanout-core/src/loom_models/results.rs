//! The kit's consumer's end, [`RunResults`], with the parts of a run it hands over to at
//! its drop or its end: [`GuardedInput`], [`work_loop`] and a [`ThreadGroup`].

use std::panic::{AssertUnwindSafe, catch_unwind, resume_unwind};

use crate::flaw::{FLAW, Flaw};
use crate::kit::{GuardedInput, RunControl, RunResults, ThreadGroup, work_loop};
use crate::loom_check::{caught, explore};
use crate::sync::{Arc, AtomicUsize, Ordering};

use super::one_slot::one_slot;

/// Items in the input of each run.
const ITEMS: usize = 3;

/// How many times each item has been dropped.
type Drops = [AtomicUsize; ITEMS];

/// An item that counts its drops; the work hands it on as its own result.
struct Item {
    id: usize,
    drops: Arc<Drops>,
}

impl Drop for Item {
    fn drop(&mut self) {
        self.drops[self.id].fetch_add(1, Ordering::SeqCst);
    }
}

/// The payload of the work's panic on the item it names.
struct WorkPanicked(usize);

/// Starts a run as `ChannelEngine` runs one, with one worker thread that pulls the input
/// itself: the input of [`ITEMS`] items guarded, the worker running [`work_loop`] with
/// `work` into a result queue of one slot, the consumer's end a [`RunResults`] over the
/// run's [`ThreadGroup`]. Returns the results and the items' drop counts.
fn start(work: fn(Item) -> Item) -> (impl Iterator<Item = Item>, Arc<Drops>) {
    let drops = Arc::new(std::array::from_fn(|_| AtomicUsize::new(0)));
    let items: Vec<_> = (0..ITEMS)
        .map(|id| Item {
            id,
            drops: Arc::clone(&drops),
        })
        .collect();
    let control = RunControl::new();
    // Declared before the queue, as the engines declare theirs.
    let mut threads = ThreadGroup::new("model", Arc::clone(&control));
    let (sender, receiver) = one_slot();
    let input = GuardedInput::new(items.into_iter(), Arc::clone(&control));
    let worker_control = Arc::clone(&control);
    threads.spawn("w1", move || {
        let work = |_worker, item| work(item);
        work_loop(1, input, &work, &worker_control, |result| {
            sender.send(result).is_ok()
        });
    });
    let results = RunResults::new(control, threads, move || receiver.recv());
    (results, drops)
}

/// Asserts that every item has been dropped exactly once.
fn each_dropped_once(drops: &Drops) {
    for (id, drops) in drops.iter().enumerate() {
        let drops = drops.load(Ordering::SeqCst);
        assert_eq!(drops, 1, "item {id} dropped {drops} times, not once");
    }
}

/// The consumer takes the first result and drops the iterator while the worker sends the
/// others: the second into the free slot, the third waiting for room. Checked: the drop
/// returns (it drops the receiver, which releases a worker waiting for room, before it
/// waits for the worker: the other way round leaves both blocked, which loom reports), and
/// once it has returned every item has been dropped exactly once, wherever the drop found
/// it: taken by the consumer, in the slot, refused to the worker, or still in the input.
fn drop_racing_with_the_last_send() {
    let (mut results, drops) = start(|item| item);
    let first = results.next().expect("the first result");
    assert_eq!(first.id, 0, "results come in input order from one worker");
    drop(first);
    drop(results);
    each_dropped_once(&drops);
}

/// The work panics on the second item; the consumer takes results until the end.
/// Checked: it gets the first item, then the work's panic, resumed once, by the `next()`
/// that finds the end; a `next()` after it returns `None`; and every item has been dropped
/// exactly once (the second by the unwinding, the third with the input when the run
/// stopped).
fn panic_resumed_once() {
    let (mut results, drops) = start(|item| {
        if item.id == 1 {
            resume_unwind(Box::new(WorkPanicked(item.id)));
        }
        item
    });
    let (mut taken, mut resumed) = (Vec::new(), Vec::new());
    loop {
        match catch_unwind(AssertUnwindSafe(|| results.next())) {
            Ok(Some(item)) => taken.push(item.id),
            Ok(None) => break,
            Err(payload) => {
                let payload = payload.downcast::<WorkPanicked>();
                resumed.push(payload.expect("the work's own payload").0);
            }
        }
    }
    assert_eq!(resumed, [1], "the run's panic is resumed once");
    assert_eq!(taken, [0], "the result made before the panic is delivered");
    drop(results);
    each_dropped_once(&drops);
}

#[test]
fn loom_run_results_drop_racing_with_the_last_send_drops_every_item_once() {
    explore("run results drop", drop_racing_with_the_last_send);
}

#[test]
fn loom_run_results_resume_the_panic_once() {
    explore("run results panic", panic_resumed_once);
}

#[test]
#[ignore = "a broken variant, run in a child process by the test that must catch it"]
fn loom_broken_run_results_wait_before_dropping_the_receiver() {
    *FLAW.lock().unwrap() = Some(Flaw::WaitsBeforeDroppingTheReceiver);
    explore(
        "broken run results: wait before dropping the receiver",
        drop_racing_with_the_last_send,
    );
}

#[test]
fn loom_run_results_model_catches_a_wait_before_the_receiver_is_dropped() {
    let test = concat!(
        module_path!(),
        "::loom_broken_run_results_wait_before_dropping_the_receiver"
    );
    assert!(caught(test, "deadlock"));
}

#[test]
#[ignore = "a broken variant, run in a child process by the test that must catch it"]
fn loom_broken_run_results_end_at_the_stop_flag() {
    *FLAW.lock().unwrap() = Some(Flaw::EndsAtTheStopFlag);
    explore(
        "broken run results: end at the stop flag",
        panic_resumed_once,
    );
}

#[test]
fn loom_run_results_model_catches_an_end_at_the_stop_flag() {
    let test = concat!(
        module_path!(),
        "::loom_broken_run_results_end_at_the_stop_flag"
    );
    assert!(caught(test, "the run's panic is resumed once"));
}
