//! The kit's own tests, on core's test engine: each part alone, then the whole run.

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::thread;
use std::time::Duration;

use super::{GuardedInput, RunControl, WaitGroup};
use crate::test_engine::TestEngine;
use crate::{FanConfig, FanOutFanIn};

fn engine(workers: usize, capacity: usize) -> TestEngine {
    TestEngine::new(FanConfig::new(workers).unwrap().with_capacity(capacity))
}

fn payload_text(payload: &(dyn std::any::Any + Send)) -> String {
    payload
        .downcast_ref::<&str>()
        .map(|text| (*text).to_owned())
        .or_else(|| payload.downcast_ref::<String>().cloned())
        .unwrap_or_default()
}

#[test]
fn run_control_keeps_the_first_panic_and_stops() {
    let control = RunControl::new();
    assert!(!control.is_stopped());
    assert_eq!(control.call(|| 7), Some(7));
    assert_eq!(control.call(|| -> u8 { panic!("first") }), None);
    assert!(control.is_stopped());
    assert_eq!(control.call(|| -> u8 { panic!("second") }), None);
    let first = control.take_panic().expect("a panic was recorded");
    assert_eq!(payload_text(&*first), "first");
    assert!(control.take_panic().is_none());
}

#[test]
fn guarded_input_ends_when_the_run_stops_and_records_its_panics() {
    let control = RunControl::new();
    let mut input = GuardedInput::new(0..10, Arc::clone(&control));
    assert_eq!(input.next(), Some(0));
    control.stop();
    assert_eq!(input.next(), None);

    let control = RunControl::new();
    let panicking = (0..3).map(|n| if n == 1 { panic!("input") } else { n });
    let pulled: Vec<_> = GuardedInput::new(panicking, Arc::clone(&control)).collect();
    assert_eq!(pulled, [0]);
    assert_eq!(payload_text(&*control.take_panic().unwrap()), "input");
}

#[test]
fn wait_group_waits_for_every_clone() {
    let group = WaitGroup::new();
    let finished = Arc::new(AtomicUsize::new(0));
    let handles: Vec<_> = (0..3)
        .map(|_| {
            let (member, finished) = (group.clone(), Arc::clone(&finished));
            thread::spawn(move || {
                thread::sleep(Duration::from_millis(20));
                finished.fetch_add(1, Ordering::SeqCst);
                drop(member);
            })
        })
        .collect();
    group.wait();
    assert_eq!(finished.load(Ordering::SeqCst), 3);
    handles
        .into_iter()
        .for_each(|handle| handle.join().unwrap());
}

#[test]
fn a_channel_engine_delivers_each_result_once_from_every_worker() {
    for (workers, capacity) in [(1, 0), (3, 0), (4, 8)] {
        let engine = engine(workers, capacity);
        assert_eq!(engine.in_flight_bound(), 2 * capacity + workers + 1);
        let mut results: Vec<(usize, u32)> = engine
            .run(0..500u32, |worker, n| {
                thread::yield_now();
                (worker, n)
            })
            .collect();
        assert!(
            results
                .iter()
                .all(|&(worker, _)| (1..=workers).contains(&worker))
        );
        results.sort_unstable_by_key(|&(_, n)| n);
        let items: Vec<u32> = results.into_iter().map(|(_, n)| n).collect();
        assert_eq!(items, (0..500).collect::<Vec<_>>(), "{workers} workers");
    }
}

#[test]
fn a_panic_in_work_reaches_the_consumer_with_its_payload() {
    let engine = engine(2, 2);
    let caught = catch_unwind(AssertUnwindSafe(|| {
        engine
            .run(
                0..100u32,
                |_, n| if n == 42 { panic!("item 42") } else { n },
            )
            .for_each(drop);
    }));
    assert_eq!(payload_text(&*caught.unwrap_err()), "item 42");
}

#[test]
fn dropping_the_results_stops_pulling_and_joins_the_workers() {
    let engine = engine(2, 1);
    let pulled = Arc::new(AtomicUsize::new(0));
    let counter = Arc::clone(&pulled);
    let input = (0..).inspect(move |_| {
        counter.fetch_add(1, Ordering::SeqCst);
    });
    let mut results = engine.run(input, |_, n: u64| n);
    assert!(results.next().is_some());
    drop(results);
    // The drop has joined every thread, so nothing pulls any more.
    let after_drop = pulled.load(Ordering::SeqCst);
    assert!(
        after_drop <= 1 + engine.in_flight_bound(),
        "{after_drop} pulled"
    );
    thread::sleep(Duration::from_millis(20));
    assert_eq!(pulled.load(Ordering::SeqCst), after_drop);
}
