//! Loom models of the adaptive engine's own synchronisation, its batch queue
//! ([`crate::queue`]) and its kept threads ([`crate::pool`]), built only with
//! `RUSTFLAGS="--cfg loom"`: `cargo test -p fanout-batch --lib --release loom`. Each
//! states the property it checks and is seen catching a broken variant.

use std::collections::BTreeSet;

use fanout_core::kit::{RunControl, RunWorkers};
use fanout_core::loom_check::{caught, explore};
use loom::sync::Arc;
use loom::sync::atomic::{AtomicUsize, Ordering};
use loom::thread;

use crate::flaw::{FLAW, Flaw};
use crate::pool::{Pool, RunThreads};
use crate::queue::queue;

/// Loom does not time a wait out, so the models' consumers look for held results only
/// where a model calls `steal` itself.
const PATIENT: std::time::Duration = std::time::Duration::from_secs(60);

/// Two workers each send a batch into a queue of one and go; the consumer takes batches
/// until the queue reports the end. Checked: both batches arrive, once each, and the end
/// follows the last sender: a sender that waits for room is woken when the consumer takes
/// a batch, and a consumer waiting on an empty queue is woken when the last sender goes
/// (a lost wake-up leaves the threads blocked, which loom reports).
fn end_follows_the_last_sender() {
    let (sender, receiver) = queue::<u32>(1, 1, PATIENT);
    let workers: Vec<_> = (1..=2)
        .map(|batch| {
            let sender = sender.clone();
            thread::spawn(move || sender.send(vec![batch]).unwrap())
        })
        .collect();
    drop(sender);
    let mut arrived = BTreeSet::new();
    while let Some(batch) = receiver.recv() {
        for result in batch {
            assert!(arrived.insert(result), "result {result} arrived twice");
        }
    }
    assert_eq!(arrived, BTreeSet::from([1, 2]), "every batch arrives");
    for worker in workers {
        worker.join().unwrap();
    }
}

/// A worker sends four batches into a queue of two, which wakes waiting senders only
/// once it has drained to half its capacity; the consumer takes batches until the end.
/// Checked: every batch arrives, in order, and the worker ends: a sender waiting for room
/// is woken by the takes that drain the queue (a lost wake-up leaves both threads
/// blocked, which loom reports).
fn room_wakes_the_waiting_sender() {
    let (sender, receiver) = queue::<u32>(2, 1, PATIENT);
    let worker = thread::spawn(move || {
        for batch in 1..=4 {
            sender.send(vec![batch]).unwrap();
        }
    });
    let arrived: Vec<u32> = std::iter::from_fn(|| receiver.recv()).flatten().collect();
    assert_eq!(arrived, [1, 2, 3, 4], "every batch arrives, in order");
    worker.join().unwrap();
}

/// A worker sends three batches into a queue of one while the consumer takes one and then
/// closes the queue (its iterator dropped early). Checked: the worker ends (the third
/// batch may wait for room, and the close must wake it) and every batch is accounted for exactly once: taken
/// by the consumer, handed back by the close to be dropped, or refused to the worker.
fn close_racing_with_sends() {
    let (sender, receiver) = queue::<u32>(1, 1, PATIENT);
    let worker = thread::spawn(move || {
        [1, 2, 3]
            .into_iter()
            .filter_map(|batch| sender.send(vec![batch]).err())
            .flatten()
            .collect::<Vec<_>>()
    });
    let mut accounted: Vec<u32> = receiver.recv().into_iter().flatten().collect();
    accounted.extend(receiver.close().into_iter().flatten());
    accounted.extend(worker.join().unwrap());
    accounted.sort_unstable();
    assert_eq!(
        accounted,
        [1, 2, 3],
        "each batch taken, handed back or refused once"
    );
}

/// A worker sends a batch into a queue of one, waits for room as it does before its next
/// call while the queue is full, sends a second and goes; the consumer takes batches until
/// the end. Checked: both batches arrive, in order, and the worker ends: its wait for room
/// is woken by the take that empties the queue.
fn room_waiter_wakes_on_a_take() {
    let (sender, receiver) = queue::<u32>(1, 1, PATIENT);
    let worker = thread::spawn(move || {
        sender.send(vec![1]).unwrap();
        sender.wait_for_room();
        sender.send(vec![2]).unwrap();
    });
    let arrived: Vec<u32> = std::iter::from_fn(|| receiver.recv()).flatten().collect();
    assert_eq!(arrived, [1, 2], "every batch arrives, in order");
    worker.join().unwrap();
}

/// The same worker, while the consumer takes nothing and closes the queue (its iterator
/// dropped early). Checked: the worker ends, its wait for room woken by the close, and
/// each batch is handed back by the close or refused to the worker exactly once.
fn room_waiter_wakes_on_a_close() {
    let (sender, receiver) = queue::<u32>(1, 1, PATIENT);
    let worker = thread::spawn(move || {
        let mut refused = sender.send(vec![1]).err().unwrap_or_default();
        sender.wait_for_room();
        refused.extend(sender.send(vec![2]).err().unwrap_or_default());
        refused
    });
    let mut accounted: Vec<u32> = receiver.close().into_iter().flatten().collect();
    accounted.extend(worker.join().unwrap());
    accounted.sort_unstable();
    assert_eq!(accounted, [1, 2], "each batch handed back or refused once");
}

/// A starting worker holds three results, sending the first two held and then the third,
/// while the consumer takes what is held once and then takes batches until the end.
/// Checked: every result reaches the consumer exactly once, whether it was taken from the
/// holder or sent, however the take falls between the worker's holds and sends.
fn steal_racing_with_the_worker() {
    let (sender, receiver) = queue::<u32>(1, 1, PATIENT);
    let worker = thread::spawn(move || {
        sender.hold(1);
        sender.hold(2);
        sender.send_held().unwrap();
        sender.hold(3);
        sender.send_held().unwrap();
        sender.done_starting();
    });
    let mut arrived = receiver.steal();
    arrived.extend(std::iter::from_fn(|| receiver.recv()).flatten());
    arrived.sort_unstable();
    assert_eq!(arrived, [1, 2, 3], "every result arrives exactly once");
    worker.join().unwrap();
}

/// A pool of one kept thread serves two runs one after the other, and is then dropped.
/// Checked: each run finds the pool free and its job runs on the kept thread exactly once
/// before the run's wait ends (a job handed over must wake the idle thread), and the drop
/// ends and joins the thread (the word to end must wake it too; a lost wake-up blocks
/// the join, which loom reports).
fn kept_thread_runs_each_job_once_and_ends_with_the_pool() {
    let pool = Arc::new(Pool::start("model", 1));
    for _run in 0..2 {
        let control = RunControl::new();
        let mut threads = RunThreads::new(&pool, &control);
        assert!(
            matches!(threads, RunThreads::Pooled { .. }),
            "the pool is free again after a run"
        );
        let ran = Arc::new(AtomicUsize::new(0));
        let counter = Arc::clone(&ran);
        threads.start(1, move || {
            counter.fetch_add(1, Ordering::SeqCst);
        });
        threads.wait_stopped();
        assert_eq!(ran.load(Ordering::SeqCst), 1, "the job ran once");
    }
    drop(pool);
}

#[test]
fn loom_kept_thread_runs_each_job_once_and_ends_with_the_pool() {
    explore(
        "kept threads",
        kept_thread_runs_each_job_once_and_ends_with_the_pool,
    );
}

#[test]
#[ignore = "a broken variant, run in a child process by the test that must catch it"]
fn loom_broken_kept_thread_hand_forgets_the_thread() {
    *FLAW.lock().unwrap() = Some(Flaw::HandForgetsTheThread);
    explore(
        "broken kept threads: hand",
        kept_thread_runs_each_job_once_and_ends_with_the_pool,
    );
}

#[test]
fn loom_kept_thread_model_catches_a_hand_that_forgets_the_thread() {
    let test = concat!(
        module_path!(),
        "::loom_broken_kept_thread_hand_forgets_the_thread"
    );
    assert!(caught(test, "deadlock"));
}

#[test]
#[ignore = "a broken variant, run in a child process by the test that must catch it"]
fn loom_broken_kept_thread_end_forgets_the_thread() {
    *FLAW.lock().unwrap() = Some(Flaw::EndForgetsTheThread);
    explore(
        "broken kept threads: end",
        kept_thread_runs_each_job_once_and_ends_with_the_pool,
    );
}

#[test]
fn loom_kept_thread_model_catches_an_end_that_forgets_the_thread() {
    let test = concat!(
        module_path!(),
        "::loom_broken_kept_thread_end_forgets_the_thread"
    );
    assert!(caught(test, "deadlock"));
}

#[test]
fn loom_batch_queue_ends_after_the_last_sender() {
    explore("batch queue end", end_follows_the_last_sender);
}

#[test]
fn loom_batch_queue_close_accounts_for_every_batch() {
    explore("batch queue close", close_racing_with_sends);
}

#[test]
#[ignore = "a broken variant, run in a child process by the test that must catch it"]
fn loom_broken_batch_queue_last_sender_forgets_the_consumer() {
    *FLAW.lock().unwrap() = Some(Flaw::LastSenderForgetsTheConsumer);
    explore(
        "broken batch queue: last sender",
        end_follows_the_last_sender,
    );
}

#[test]
fn loom_batch_queue_model_catches_a_last_sender_that_forgets_the_consumer() {
    let test = concat!(
        module_path!(),
        "::loom_broken_batch_queue_last_sender_forgets_the_consumer"
    );
    assert!(caught(test, "deadlock"));
}

#[test]
#[ignore = "a broken variant, run in a child process by the test that must catch it"]
fn loom_broken_batch_queue_close_forgets_the_senders() {
    *FLAW.lock().unwrap() = Some(Flaw::CloseForgetsTheSenders);
    explore("broken batch queue: close", close_racing_with_sends);
}

#[test]
fn loom_batch_queue_model_catches_a_close_that_forgets_waiting_senders() {
    let test = concat!(
        module_path!(),
        "::loom_broken_batch_queue_close_forgets_the_senders"
    );
    assert!(caught(test, "deadlock"));
}

#[test]
fn loom_batch_queue_steal_accounts_for_every_result() {
    explore("batch queue steal", steal_racing_with_the_worker);
}

#[test]
#[ignore = "a broken variant, run in a child process by the test that must catch it"]
fn loom_broken_batch_queue_steal_counts_then_takes() {
    *FLAW.lock().unwrap() = Some(Flaw::StealCountsThenTakes);
    explore("broken batch queue: steal", steal_racing_with_the_worker);
}

#[test]
fn loom_batch_queue_model_catches_a_steal_that_counts_then_takes() {
    let test = concat!(
        module_path!(),
        "::loom_broken_batch_queue_steal_counts_then_takes"
    );
    assert!(caught(test, "every result arrives exactly once"));
}

#[test]
fn loom_batch_queue_wakes_a_sender_once_there_is_room() {
    explore("batch queue room", room_wakes_the_waiting_sender);
}

#[test]
#[ignore = "a broken variant, run in a child process by the test that must catch it"]
fn loom_broken_batch_queue_take_forgets_the_senders() {
    *FLAW.lock().unwrap() = Some(Flaw::TakeForgetsTheSenders);
    explore("broken batch queue: take", room_wakes_the_waiting_sender);
}

#[test]
fn loom_batch_queue_model_catches_a_take_that_forgets_waiting_senders() {
    let test = concat!(
        module_path!(),
        "::loom_broken_batch_queue_take_forgets_the_senders"
    );
    assert!(caught(test, "deadlock"));
}

#[test]
fn loom_batch_queue_wakes_a_room_waiter_on_a_take() {
    explore("batch queue room waiter, take", room_waiter_wakes_on_a_take);
}

#[test]
#[ignore = "a broken variant, run in a child process by the test that must catch it"]
fn loom_broken_batch_queue_take_forgets_the_room_waiter() {
    *FLAW.lock().unwrap() = Some(Flaw::TakeForgetsTheSenders);
    explore(
        "broken batch queue: room waiter, take",
        room_waiter_wakes_on_a_take,
    );
}

#[test]
fn loom_batch_queue_model_catches_a_take_that_forgets_the_room_waiter() {
    let test = concat!(
        module_path!(),
        "::loom_broken_batch_queue_take_forgets_the_room_waiter"
    );
    assert!(caught(test, "deadlock"));
}

#[test]
fn loom_batch_queue_wakes_a_room_waiter_on_a_close() {
    explore(
        "batch queue room waiter, close",
        room_waiter_wakes_on_a_close,
    );
}

#[test]
#[ignore = "a broken variant, run in a child process by the test that must catch it"]
fn loom_broken_batch_queue_close_forgets_the_room_waiter() {
    *FLAW.lock().unwrap() = Some(Flaw::CloseForgetsTheSenders);
    explore(
        "broken batch queue: room waiter, close",
        room_waiter_wakes_on_a_close,
    );
}

#[test]
fn loom_batch_queue_model_catches_a_close_that_forgets_the_room_waiter() {
    let test = concat!(
        module_path!(),
        "::loom_broken_batch_queue_close_forgets_the_room_waiter"
    );
    assert!(caught(test, "deadlock"));
}
