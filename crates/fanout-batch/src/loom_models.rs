//! Loom models of the adaptive engine's batch queue ([`crate::queue`]), built only with
//! `RUSTFLAGS="--cfg loom"`: `cargo test -p fanout-batch --lib --release loom`. Each
//! states the property it checks and is seen catching a broken variant of the queue.

use std::collections::BTreeSet;

use fanout_core::loom_check::{caught, explore};
use loom::thread;

use crate::queue::{FLAW, Flaw, queue};

/// Two workers each send a batch into a queue of one and go; the consumer takes batches
/// until the queue reports the end. Checked: both batches arrive, once each, and the end
/// follows the last sender: a sender that waits for room is woken when the consumer takes
/// a batch, and a consumer waiting on an empty queue is woken when the last sender goes
/// (a lost wake-up leaves the threads blocked, which loom reports).
fn end_follows_the_last_sender() {
    let (sender, receiver) = queue::<u32>(1);
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

/// A worker sends three batches into a queue of one while the consumer takes one and then
/// closes the queue (its iterator dropped early). Checked: the worker ends (the third
/// batch may wait for room, and the close must wake it) and every batch is accounted for exactly once: taken
/// by the consumer, handed back by the close to be dropped, or refused to the worker.
fn close_racing_with_sends() {
    let (sender, receiver) = queue::<u32>(1);
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
