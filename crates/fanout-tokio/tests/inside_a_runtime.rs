//! The tokio engine consumed from code that already runs inside another tokio runtime,
//! and its tasks accounted for after every run.

use std::time::{Duration, Instant};

use fanout_core::{FanConfig, FanOutFanIn};
use fanout_tokio::Tokio;

fn engine(workers: usize, capacity: usize) -> Tokio {
    Tokio::new(
        FanConfig::new(workers)
            .expect("workers > 0")
            .with_capacity(capacity),
    )
}

/// Waits, with a deadline rather than a fixed sleep, until the runtime has no live task.
fn wait_for_no_alive_tasks(engine: &Tokio) {
    let deadline = Instant::now() + Duration::from_secs(10);
    let metrics = engine.handle().metrics();
    while metrics.num_alive_tasks() > 0 {
        assert!(
            Instant::now() < deadline,
            "{} tasks still alive 10 s after the run ended",
            metrics.num_alive_tasks()
        );
        std::thread::sleep(Duration::from_millis(1));
    }
}

#[tokio::test(flavor = "current_thread")]
async fn consumed_inside_a_current_thread_runtime() {
    let engine = engine(3, 0);
    let mut results: Vec<u64> = engine.run(0..500u64, |_, n| n).collect();
    results.sort_unstable();
    assert_eq!(results, (0..500).collect::<Vec<_>>());
    // More results than tokio's cooperative budget, in one task poll.
    assert_eq!(engine.run_ordered(0..1_000u64, |_, n| n).count(), 1_000);
    // The engine (and its runtime) is dropped here, inside async code.
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn consumed_inside_a_multi_thread_runtime_and_dropped_early() {
    let engine = engine(4, 2);
    assert_eq!(engine.run(0u64.., |_, n| n).take(100).count(), 100);
    assert_eq!(engine.run(0..300u64, |_, n| n * 2).sum::<u64>(), 300 * 299);
}

#[test]
fn no_task_outlives_its_run() {
    let engine = engine(4, 1);
    assert_eq!(engine.run(0..1_000u64, |_, n| n).count(), 1_000);
    wait_for_no_alive_tasks(&engine);
    assert_eq!(engine.run(0u64.., |_, n| n).take(10).count(), 10);
    wait_for_no_alive_tasks(&engine);
}
