//! [`Trial`]: one row on one workload with one shape, built once and run many times.

use std::fmt;
use std::future::Future;
use std::marker::PhantomData;
use std::sync::Arc;
use std::thread;
use std::time::{Duration, Instant};

use fanout_core::{FanConfig, FanOutFanIn, WorkerId};

use crate::measure::{
    LatencyHistogram, Ledger, LostOrDuplicated, ProcessUsage, WorkerCounts, peak_rss_bytes,
    reset_peak_rss,
};
use crate::rows::{
    EngineVisitor, Job, Row, RowVisitor, Runner, ScopedEngineRow, row_names, visit_engine,
    visit_row,
};
use crate::workload::{Kind, KindVisitor, Workload, calibrated_spin_iterations, spin};

/// What one throughput run measured. Only runs that delivered exactly one result per item
/// produce one.
#[derive(Clone, Debug)]
pub struct RunMeasures {
    /// Items in the run.
    pub items: usize,
    /// Wall time from the first item pulled to the last result received.
    pub elapsed: Duration,
    /// Items each worker processed, worker 1 first.
    pub per_worker: Vec<u64>,
    /// CPU time the process used during the run (user + system), where known.
    pub cpu: Option<Duration>,
    /// Peak resident memory during the run, in bytes, where known.
    pub peak_rss: Option<u64>,
}

impl RunMeasures {
    /// Items per second.
    pub fn items_per_second(&self) -> f64 {
        self.items as f64 / self.elapsed.as_secs_f64().max(f64::MIN_POSITIVE)
    }

    /// Wall nanoseconds per item.
    pub fn nanos_per_item(&self) -> f64 {
        self.elapsed.as_nanos() as f64 / self.items.max(1) as f64
    }
}

/// What one latency run measured.
#[derive(Clone, Debug)]
pub struct LatencyMeasures {
    /// Items in the run.
    pub items: usize,
    /// Wall time of the run.
    pub elapsed: Duration,
    /// Each item's time from leaving the input (or, open loop, from its scheduled
    /// arrival) to its result reaching the consumer.
    pub latency: LatencyHistogram,
}

/// How items arrive in a latency run.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Pacing {
    /// As fast as the engine pulls them: latency from the moment an item leaves the input.
    ClosedLoop,
    /// At a fixed rate; latency counts from each item's scheduled arrival, so time spent
    /// waiting because the engine fell behind is counted (no coordinated omission).
    OpenLoop {
        /// Arrivals per second.
        per_second: f64,
    },
}

/// A row name that is not in the registry.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UnknownRow(pub String);

impl fmt::Display for UnknownRow {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "unknown engine or row `{}`: expected one of {}",
            self.0,
            row_names()
        )
    }
}

impl std::error::Error for UnknownRow {}

/// One row on one workload with one shape: engines, pools and runtimes are built when the
/// trial is made, so that every run measures the run alone.
pub struct Trial {
    row: Row,
    workload: Workload,
    config: FanConfig,
    runs: Box<dyn Runs>,
    /// Spin iterations the consumer spends on each result, as a consumer with work of its
    /// own would (see [`Trial::with_consumer_cost`]).
    consumer_spin: u64,
}

impl fmt::Debug for Trial {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Trial")
            .field("row", &self.row.name)
            .field("workload", &self.workload)
            .field("config", &self.config)
            .finish()
    }
}

impl Trial {
    /// Builds the row named `row` with `config` for `workload`.
    pub fn new(row: &str, workload: Workload, config: FanConfig) -> Result<Trial, UnknownRow> {
        Trial::built(row, workload, config, |build| visit_row(row, build))
    }

    /// Builds the blocking engine named `engine` with `config` for `workload`, its runs
    /// started with `run_in`, each in a `std::thread::scope` of its own.
    pub fn scoped(
        engine: &str,
        workload: Workload,
        config: FanConfig,
    ) -> Result<Trial, UnknownRow> {
        Trial::built(engine, workload, config, |build| {
            visit_engine(engine, ScopedBuild(build))
        })
    }

    /// The trial of the row named `row`, its runs made by `visit` from the build.
    fn built(
        row: &str,
        workload: Workload,
        config: FanConfig,
        visit: impl FnOnce(Build<'_, ()>) -> Option<Box<dyn Runs>>,
    ) -> Result<Trial, UnknownRow> {
        let unknown = || UnknownRow(row.to_owned());
        let known = Row::named(row).ok_or_else(unknown)?;
        let build = Build::<()> {
            workload,
            config: &config,
            row: PhantomData,
        };
        let runs = visit(build).ok_or_else(unknown)?;
        Ok(Trial {
            row: known,
            workload,
            config,
            runs,
            consumer_spin: 0,
        })
    }

    /// The same trial with a consumer that spends about `cost` of its own (a calibrated
    /// busy loop) on each result of a throughput run, before it takes the next.
    pub fn with_consumer_cost(self, cost: Duration) -> Trial {
        Trial {
            consumer_spin: if cost.is_zero() {
                0
            } else {
                calibrated_spin_iterations(cost)
            },
            ..self
        }
    }

    /// The row measured.
    pub fn row(&self) -> Row {
        self.row
    }

    /// The workload measured.
    pub fn workload(&self) -> Workload {
        self.workload
    }

    /// The shape measured.
    pub fn config(&self) -> &FanConfig {
        &self.config
    }

    /// One run of `items` items, as fast as they go.
    pub fn throughput(&mut self, items: usize) -> Result<RunMeasures, LostOrDuplicated> {
        self.runs.throughput(items, self.consumer_spin)
    }

    /// One run of `items` items, recording each item's latency.
    pub fn latency(
        &mut self,
        items: usize,
        pacing: Pacing,
    ) -> Result<LatencyMeasures, LostOrDuplicated> {
        self.runs.latency(items, pacing)
    }

    /// Time from starting a run on this (already built, warm) row to its first result;
    /// `None` for rows that cannot stop a run early (only engines can).
    pub fn warm_first_result(&mut self) -> Option<Duration> {
        self.runs.first_result()
    }

    /// Time from building a new engine to its first result (the engine's drop is not
    /// counted); `None` for rows that are not engines.
    pub fn cold_first_result(
        row: &str,
        workload: Workload,
        config: &FanConfig,
    ) -> Result<Option<Duration>, UnknownRow> {
        Ok(Trial::new(row, workload, config.clone())?
            .runs
            .cold_first_result())
    }
}

/// How many items a first-result run offers: enough that every worker gets one.
const FIRST_RESULT_ITEMS: usize = 1_024;

/// The runs of one trial, with its row and workload types erased.
trait Runs: Send {
    fn throughput(
        &mut self,
        items: usize,
        consumer_spin: u64,
    ) -> Result<RunMeasures, LostOrDuplicated>;
    fn latency(
        &mut self,
        items: usize,
        pacing: Pacing,
    ) -> Result<LatencyMeasures, LostOrDuplicated>;
    fn first_result(&mut self) -> Option<Duration>;
    /// Drops this trial's row, then times a new one from its build to its first result.
    fn cold_first_result(self: Box<Self>) -> Option<Duration>;
}

struct Typed<X, K> {
    runner: X,
    kind: K,
    config: FanConfig,
    counts: Arc<WorkerCounts>,
}

impl<X: Runner, K: Kind> Runs for Typed<X, K> {
    fn throughput(
        &mut self,
        items: usize,
        consumer_spin: u64,
    ) -> Result<RunMeasures, LostOrDuplicated> {
        let input = self.kind.items(items);
        let mut ledger = Ledger::new(items);
        let work = self.counted();
        let tracks_memory = reset_peak_rss();
        let before = ProcessUsage::now();
        let started = Instant::now();
        self.runner.drive(input.into_iter(), work, |result| {
            let id = K::id(&result);
            if consumer_spin > 0 {
                std::hint::black_box(spin(consumer_spin, id));
            }
            ledger.record(id);
        });
        let elapsed = started.elapsed();
        let cpu = ProcessUsage::now()
            .zip(before)
            .map(|(after, before)| after.since(before));
        let peak_rss = tracks_memory.then(peak_rss_bytes).flatten();
        let per_worker = self.counts.take();
        ledger.settle()?;
        Ok(RunMeasures {
            items,
            elapsed,
            per_worker,
            cpu,
            peak_rss,
        })
    }

    fn latency(
        &mut self,
        items: usize,
        pacing: Pacing,
    ) -> Result<LatencyMeasures, LostOrDuplicated> {
        let input = self.kind.items(items).into_iter();
        let mut ledger = Ledger::new(items);
        let mut latency = LatencyHistogram::default();
        let work = Stamped(self.counted());
        let mut sink = |(since, result): (Instant, K::Output)| {
            latency.record(since.elapsed());
            ledger.record(K::id(&result));
        };
        let started = Instant::now();
        match pacing {
            Pacing::ClosedLoop => {
                let stamped = input.map(|item| (Instant::now(), item));
                self.runner.drive(stamped, work, &mut sink);
            }
            Pacing::OpenLoop { per_second } => {
                let interval = Duration::from_secs_f64(1.0 / per_second.max(1e-3));
                let first = Instant::now() + Duration::from_millis(1);
                let stamped = input.enumerate().map(move |(index, item)| {
                    let due = first + interval.mul_f64(index as f64);
                    wait_until(due);
                    (due, item)
                });
                self.runner.drive(stamped, work, &mut sink);
            }
        }
        let elapsed = started.elapsed();
        self.counts.take();
        ledger.settle()?;
        Ok(LatencyMeasures {
            items,
            elapsed,
            latency,
        })
    }

    fn first_result(&mut self) -> Option<Duration> {
        let input = self.kind.items(FIRST_RESULT_ITEMS).into_iter();
        let job = KindJob {
            kind: self.kind.clone(),
            counts: None,
        };
        let started = Instant::now();
        let first = self.runner.first_result(input, job);
        let elapsed = started.elapsed();
        first.map(|_| elapsed)
    }

    fn cold_first_result(self: Box<Self>) -> Option<Duration> {
        let Typed {
            runner,
            kind,
            config,
            ..
        } = *self;
        drop(runner);
        let input = kind.items(FIRST_RESULT_ITEMS).into_iter();
        let started = Instant::now();
        let runner = X::build(&config);
        let first = runner.first_result(input, KindJob { kind, counts: None });
        let elapsed = started.elapsed();
        drop(runner);
        first.map(|_| elapsed)
    }
}

impl<X, K: Kind> Typed<X, K> {
    /// The workload's work, counting each item on its worker.
    fn counted(&self) -> KindJob<K> {
        KindJob {
            kind: self.kind.clone(),
            counts: Some(Arc::clone(&self.counts)),
        }
    }
}

/// A workload's work as a [`Job`], counting each item on its worker where asked.
struct KindJob<K> {
    kind: K,
    counts: Option<Arc<WorkerCounts>>,
}

impl<K: Kind> KindJob<K> {
    fn count(&self, worker: WorkerId) {
        if let Some(counts) = &self.counts {
            counts.count(worker);
        }
    }
}

impl<K: Kind> Job<K::Item, K::Output> for KindJob<K> {
    fn call(&self, worker: WorkerId, item: K::Item) -> K::Output {
        self.count(worker);
        self.kind.work(worker, item)
    }

    fn call_async(
        &self,
        worker: WorkerId,
        item: K::Item,
    ) -> impl Future<Output = K::Output> + Send + 'static + use<K> {
        self.count(worker);
        self.kind.work_async(worker, item)
    }
}

/// A job whose items carry the moment they left the input, handed back with the result.
struct Stamped<J>(J);

impl<T, R, J: Job<T, R>> Job<(Instant, T), (Instant, R)> for Stamped<J> {
    fn call(&self, worker: WorkerId, (since, item): (Instant, T)) -> (Instant, R) {
        (since, self.0.call(worker, item))
    }

    fn call_async(
        &self,
        worker: WorkerId,
        (since, item): (Instant, T),
    ) -> impl Future<Output = (Instant, R)> + Send + 'static + use<T, R, J> {
        let work = self.0.call_async(worker, item);
        async move { (since, work.await) }
    }
}

/// Sleeps until shortly before `due`, then spins, since sleeps overshoot by tens of
/// microseconds and arrivals must be paced more finely than that.
fn wait_until(due: Instant) {
    const SPIN_MARGIN: Duration = Duration::from_micros(80);
    let now = Instant::now();
    if due > now + SPIN_MARGIN {
        thread::sleep(due - now - SPIN_MARGIN);
    }
    while Instant::now() < due {
        std::hint::spin_loop();
    }
}

/// Builds a trial's runs: first picked by the row's name (as a [`RowVisitor`], `X` still
/// `()`), then by the workload (as a [`KindVisitor`], `X` the row's type).
struct Build<'a, X> {
    workload: Workload,
    config: &'a FanConfig,
    row: PhantomData<X>,
}

impl RowVisitor for Build<'_, ()> {
    type Output = Box<dyn Runs>;

    fn visit<X: Runner + 'static>(self) -> Box<dyn Runs> {
        self.workload.visit(Build::<X> {
            workload: self.workload,
            config: self.config,
            row: PhantomData,
        })
    }
}

/// [`Build`] for an engine's scoped row.
struct ScopedBuild<'a>(Build<'a, ()>);

impl EngineVisitor for ScopedBuild<'_> {
    type Output = Box<dyn Runs>;

    fn visit<E: FanOutFanIn + 'static>(self) -> Box<dyn Runs> {
        RowVisitor::visit::<ScopedEngineRow<E>>(self.0)
    }
}

impl<X: Runner + 'static> KindVisitor for Build<'_, X> {
    type Output = Box<dyn Runs>;

    fn visit<K: Kind>(self, kind: K) -> Box<dyn Runs> {
        Box::new(Typed {
            runner: X::build(self.config),
            kind,
            config: self.config.clone(),
            counts: Arc::new(WorkerCounts::new(self.config.workers.get())),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rows::ROWS;

    fn config(workers: usize, capacity: usize) -> FanConfig {
        FanConfig::new(workers).unwrap().with_capacity(capacity)
    }

    #[test]
    fn every_row_runs_every_workload_exactly_once() {
        let workloads = [
            "noop",
            "seed",
            "spin-1us",
            "skewed",
            "sleep-10us",
            "payload-8B",
            "payload-16KiB",
            "async-noop",
            "async-sleep-100us",
            "tcp-echo",
            "spawn-blocking-spin-1us",
        ];
        for row in ROWS {
            for workload in workloads {
                let workload: Workload = workload.parse().unwrap();
                let mut trial = Trial::new(row.name, workload, config(3, 2)).unwrap();
                let run = trial.throughput(300).unwrap();
                assert_eq!(
                    run.per_worker.iter().sum::<u64>(),
                    300,
                    "{row:?} {workload}"
                );
                assert_eq!(run.per_worker.len(), 3);
                let latency = trial.latency(100, Pacing::ClosedLoop).unwrap();
                assert_eq!(latency.latency.len(), 100);
            }
        }
    }

    #[test]
    fn open_loop_paces_arrivals() {
        let mut trial = Trial::new("crossbeam", Workload::Noop, config(2, 4)).unwrap();
        let run = trial
            .latency(
                50,
                Pacing::OpenLoop {
                    per_second: 10_000.0,
                },
            )
            .unwrap();
        // 50 arrivals 100 us apart cannot all be in before 4.9 ms.
        assert!(
            run.elapsed >= Duration::from_micros(4_900),
            "{:?}",
            run.elapsed
        );
    }

    #[test]
    fn first_results_are_timed_for_engines_only() {
        let mut engine = Trial::new("tokio", Workload::Noop, config(2, 4)).unwrap();
        assert!(engine.warm_first_result().is_some());
        assert!(
            Trial::cold_first_result("rayon", Workload::Noop, &config(2, 4))
                .unwrap()
                .is_some()
        );
        let mut baseline = Trial::new("sequential", Workload::Noop, config(2, 4)).unwrap();
        assert!(baseline.warm_first_result().is_none());
    }

    #[test]
    fn unknown_rows_are_refused_with_the_list() {
        let error = Trial::new("go", Workload::Noop, config(1, 0)).unwrap_err();
        assert!(error.to_string().contains("crossbeam-reference"), "{error}");
    }
}
