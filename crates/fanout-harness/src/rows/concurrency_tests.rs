//! Every row, engines and references and baselines alike, runs `workers` calls of a
//! blocking `work` at once, and every async row keeps `workers` futures waiting on
//! tokio's timer at once: a baseline that serialises its workers (as a reference loop once
//! did, holding its lock during `work`) makes every ratio against it wrong.

use std::future::Future;
use std::pin::pin;
use std::sync::{Arc, Condvar, Mutex, PoisonError};
use std::time::{Duration, Instant};

use fanout_core::{FanConfig, WorkerId};
use futures_util::{StreamExt, stream};

use super::async_engine::async_runtime;
use super::{Job, RowVisitor, Runner, blocking, rows, visit_row};

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

    /// One async call: as [`call`](Overlap::call), waiting on tokio's timer rather than
    /// blocking its thread, so that futures on one thread can overlap.
    async fn call_async(&self, target: usize) {
        let deadline = Instant::now() + PATIENCE;
        self.change(|calls| {
            calls.0 += 1;
            calls.1 = calls.1.max(calls.0);
        });
        while self.most() < target && Instant::now() < deadline {
            tokio::time::sleep(Duration::from_millis(1)).await;
        }
        self.change(|calls| calls.0 -= 1);
    }

    fn change(&self, change: impl FnOnce(&mut (usize, usize))) {
        change(&mut self.calls.lock().unwrap_or_else(PoisonError::into_inner));
    }

    fn most(&self) -> usize {
        self.calls.lock().unwrap_or_else(PoisonError::into_inner).1
    }
}

/// Work that waits for `target` calls to be in progress together: blocking on a condition
/// variable in its blocking form, on tokio's timer in its async form.
struct Overlapping {
    overlap: Arc<Overlap>,
    target: usize,
}

impl Job<u64, u64> for Overlapping {
    fn call(&self, _worker: WorkerId, item: u64) -> u64 {
        self.overlap.call(self.target);
        item
    }

    fn call_async(
        &self,
        _worker: WorkerId,
        item: u64,
    ) -> impl Future<Output = u64> + Send + 'static + use<> {
        let (overlap, target) = (Arc::clone(&self.overlap), self.target);
        async move {
            overlap.call_async(target).await;
            item
        }
    }
}

/// The most calls of `work` that `runner` ran at once, over `2 * workers` items.
fn most_calls_at_once<X: Runner>(runner: &X, workers: usize) -> usize {
    let overlap = Arc::new(Overlap::default());
    let work = Overlapping {
        overlap: Arc::clone(&overlap),
        target: workers,
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

    fn drive<I, T, R, J>(&self, items: I, job: J, mut sink: impl FnMut(R))
    where
        I: Iterator<Item = T> + Send + 'static,
        T: Send + 'static,
        R: Send + 'static,
        J: Job<T, R>,
    {
        let work = blocking(job);
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

/// More futures than any row has threads: only rows whose workers are futures, waiting
/// without a thread each, can have them all in progress at once.
const ASYNC_WORKERS: usize = 200;

#[test]
fn every_async_row_has_its_workers_waiting_at_once() {
    let config = FanConfig::new(ASYNC_WORKERS).unwrap();
    let async_rows: Vec<_> = rows().filter(|row| row.is_async()).collect();
    assert!(async_rows.len() >= 6, "{async_rows:?}");
    for row in async_rows {
        let most = visit_row(row.name, MostCallsAtOnce(config.clone())).unwrap();
        assert_eq!(
            most, ASYNC_WORKERS,
            "{}: at most {most} of {ASYNC_WORKERS} futures waited at once",
            row.name
        );
    }
}

/// An async loop with the bug the async check exists for: each future awaited before the
/// next item is taken (`then` where `buffer_unordered` was meant).
struct OneAtATime(tokio::runtime::Runtime);

impl Runner for OneAtATime {
    const NAME: &'static str = "one-at-a-time";

    fn build(_config: &FanConfig) -> Self {
        OneAtATime(async_runtime())
    }

    fn drive<I, T, R, J>(&self, items: I, job: J, mut sink: impl FnMut(R))
    where
        I: Iterator<Item = T> + Send + 'static,
        T: Send + 'static,
        R: Send + 'static,
        J: Job<T, R>,
    {
        self.0.block_on(async {
            let mut results = pin!(stream::iter(items).then(|item| job.call_async(1, item)));
            while let Some(result) = results.next().await {
                sink(result);
            }
        });
    }
}

#[test]
fn the_async_check_catches_a_row_that_awaits_one_future_at_a_time() {
    let config = FanConfig::new(8).unwrap();
    assert_eq!(most_calls_at_once(&OneAtATime::build(&config), 8), 1);
}

#[test]
fn the_check_catches_a_row_that_serialises_its_workers() {
    let config = FanConfig::new(3).unwrap();
    assert_eq!(most_calls_at_once(&Serialising::build(&config), 3), 1);
}
