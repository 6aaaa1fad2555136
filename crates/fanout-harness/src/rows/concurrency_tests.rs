//! Every row, engines and references and baselines alike, runs `workers` calls of a
//! blocking `work` at once: a baseline that serialises its workers (as a reference loop
//! once did, holding its lock during `work`) makes every ratio against it wrong.

use std::sync::{Arc, Condvar, Mutex, PoisonError};
use std::time::{Duration, Instant};

use fanout_core::{FanConfig, Work};

use super::{RowVisitor, Runner, rows, visit_row};

/// How long a call waits for the others to join it before it gives up and returns.
const PATIENCE: Duration = Duration::from_millis(300);

/// Calls in progress, and the most seen at once.
#[derive(Default)]
struct Overlap {
    calls: Mutex<(usize, usize)>,
    changed: Condvar,
}

impl Overlap {
    /// One call of `work`: waits until `target` calls are in progress (or once they have
    /// been, or for [`PATIENCE`]), so that calls that can overlap do.
    fn call(&self, target: usize) {
        let deadline = Instant::now() + PATIENCE;
        let mut calls = self.calls.lock().unwrap_or_else(PoisonError::into_inner);
        calls.0 += 1;
        calls.1 = calls.1.max(calls.0);
        self.changed.notify_all();
        while calls.1 < target {
            let left = deadline.saturating_duration_since(Instant::now());
            if left.is_zero() {
                break;
            }
            calls = self
                .changed
                .wait_timeout(calls, left)
                .unwrap_or_else(PoisonError::into_inner)
                .0;
        }
        calls.0 -= 1;
    }

    fn most(&self) -> usize {
        self.calls.lock().unwrap_or_else(PoisonError::into_inner).1
    }
}

/// The most calls of a blocking `work` that `runner` ran at once, over `2 * workers` items.
fn most_calls_at_once<X: Runner>(runner: &X, workers: usize) -> usize {
    let overlap = Arc::new(Overlap::default());
    let calls = Arc::clone(&overlap);
    let work = move |_worker, item: u64| {
        calls.call(workers);
        item
    };
    let mut results = 0;
    runner.drive(0..2 * workers as u64, work, |_| results += 1);
    assert_eq!(results, 2 * workers);
    overlap.most()
}

struct MostCallsAtOnce(FanConfig);

impl RowVisitor for MostCallsAtOnce {
    type Output = usize;

    fn visit<X: Runner + 'static>(self) -> usize {
        most_calls_at_once(&X::build(&self.0), self.0.workers.get())
    }
}

#[test]
fn every_row_runs_its_workers_at_once() {
    let workers = 3;
    let config = FanConfig::new(workers).unwrap();
    for row in rows() {
        let expected = if row.uses_workers() { workers } else { 1 };
        let most = visit_row(row.name, MostCallsAtOnce(config.clone())).unwrap();
        assert_eq!(
            most, expected,
            "{}: at most {most} of {workers} workers ran `work` at once",
            row.name
        );
    }
}

/// A reference loop with the bug this check exists for: the job lock held during `work`.
struct Serialising(FanConfig);

impl Runner for Serialising {
    const NAME: &'static str = "serialising";

    fn build(config: &FanConfig) -> Self {
        Serialising(config.clone())
    }

    fn drive<I, T, R, F>(&self, items: I, work: F, mut sink: impl FnMut(R))
    where
        I: Iterator<Item = T> + Send + 'static,
        T: Send + 'static,
        R: Send + 'static,
        F: Work<T, R>,
    {
        let jobs = Mutex::new(items);
        let results = Mutex::new(Vec::new());
        std::thread::scope(|scope| {
            for worker in 1..=self.0.workers.get() {
                let (jobs, results, work) = (&jobs, &results, &work);
                scope.spawn(move || {
                    let mut jobs = jobs.lock().unwrap();
                    for job in jobs.by_ref() {
                        results.lock().unwrap().push(work(worker, job));
                    }
                });
            }
        });
        results
            .into_inner()
            .unwrap()
            .into_iter()
            .for_each(&mut sink);
    }
}

#[test]
fn the_check_catches_a_row_that_serialises_its_workers() {
    let config = FanConfig::new(3).unwrap();
    assert_eq!(most_calls_at_once(&Serialising::build(&config), 3), 1);
}
