//! What fanout's bench targets share: criterion's settings, the sweeps, and the one way a
//! trial is timed.
//!
//! `cargo bench` runs every group in about 35 minutes on a 2-core machine (`async-work`
//! 11 of them, `distributed` 5); `FANOUT_QUICK=1 cargo bench` runs a smaller sweep with
//! shorter measurements. The groups are named by the question they answer, each function by the row
//! measured and each parameter by the number of workers:
//!
//! - `throughput/<workload>`: every row, workers 1 to 16 (64 for sleep); `skewed-rare`
//!   (load balancing) over the engines, `static-split` and `sequential` only;
//! - `capacity/<c>`: queue capacity 0, 1, 16 and 1024 at workers = cores, noop; and
//!   `capacity/<c>/<workload>`: capacity 0 and the default on spin-10us and sleep-100us;
//! - `payload`: 8 B to 16 KiB items at workers = cores;
//! - `startup`: a new engine, and a warm one, to its first result;
//! - `async/<workload>`: the async engines over concurrency 1 to 1024 beside the blocking
//!   engines over worker counts 1 to 256, on async-sleep-1ms, tcp-echo, spin-10us and
//!   spawn-blocking-spin-10us (target `async-work`, which also records the mean time of
//!   one timer sleep in `target/fanout/async.jsonl`).
//!
//! The `decision`, `latency`, `measures`, `contract`, `efficiency-capacity` and `go`
//! targets are not criterion's: they write JSON-lines records under `target/fanout/`.
//! `decision` times every engine at each capacity and the baselines in rounds, per
//! workload and worker count, for the README's decision table. `contract` times each
//! engine and its primitive's reference loop alternately, which criterion cannot;
//! `efficiency-capacity` sweeps queue capacity on spin-10us (efficiency by capacity);
//! `batching` times `adaptive` against the other rows in pairs and judges its targets from
//! those figures ([`batching_verdicts`]), in `target/fanout/adaptive-targets.md`;
//! `go` times the seed's Go program (`benches/go/`) against its Rust ports alternately.
//! Where `go` is on PATH, `throughput` and `capacity` measure the Go rows too.

pub mod batching_plan;
pub mod batching_verdicts;
mod go_rows;
mod paired;
mod timed;
mod worker_process;

use std::path::PathBuf;
use std::time::Duration;

use criterion::{BenchmarkGroup, BenchmarkId, Criterion, SamplingMode, Throughput};
use fanout_core::FanConfig;
use fanout_harness::rows::Row;
use fanout_harness::{Trial, Workload, logical_cores};
pub use go_rows::{bench_go_row, go_program, go_trial};
pub use paired::{Paired, time_paired, time_pairs};
pub use timed::Timed;
pub use worker_process::{WorkerProcess, fanout_binary};

/// Whether `FANOUT_QUICK` asks for the short pass.
pub fn quick() -> bool {
    std::env::var_os("FANOUT_QUICK").is_some_and(|value| !value.is_empty() && value != "0")
}

/// The rows the blocking benches measure: every row but the async ones, whose
/// concurrency the `async-work` target sweeps, and whose paired cost `contract` takes.
pub fn rows() -> impl Iterator<Item = Row> {
    fanout_harness::rows::rows().filter(|row| !row.is_async())
}

/// Samples per benchmark: criterion's fewest.
const SAMPLES: usize = 10;

/// Criterion configured for this project's budget: ten samples of equal size (each
/// sample is whole fan-out runs, some of them tens of milliseconds long), short warm-up
/// and measurement windows, shorter still in the quick pass.
pub fn criterion() -> Criterion {
    let warm_up = if quick() {
        Duration::from_millis(50)
    } else {
        Duration::from_millis(200)
    };
    Criterion::default()
        .sample_size(SAMPLES)
        .warm_up_time(warm_up)
        .measurement_time(measurement_time())
        .without_plots()
        .configure_from_args()
}

/// The measurement window of a benchmark whose runs are short.
fn measurement_time() -> Duration {
    if quick() {
        Duration::from_millis(150)
    } else {
        Duration::from_millis(800)
    }
}

/// The measurement window for a benchmark one run of which takes `run`: the usual one, or
/// long enough for two runs a sample. Criterion makes its ten samples however long a run
/// is, but warns ("Unable to complete 10 samples") when the window cannot hold them, which
/// in the quick pass's short window was most of the slow rows; a window sized to the run
/// keeps every pass quiet, and costs those rows one more run a sample.
pub fn measurement_time_for(run: Duration) -> Duration {
    measurement_time().max(run * (2 * SAMPLES as u32))
}

/// The worker counts a throughput sweep covers: powers of two up to `most` (up to cores
/// in the quick pass), always including the machine's core count.
pub fn worker_counts(most: usize) -> Vec<usize> {
    let cores = logical_cores();
    let most = if quick() { cores.min(most) } else { most };
    let mut counts: Vec<usize> = std::iter::successors(Some(1), |&count| Some(count * 2))
        .take_while(|&count| count <= most)
        .collect();
    if cores <= most {
        counts.push(cores);
    }
    counts.sort_unstable();
    counts.dedup();
    counts
}

/// Items per run for `workload`: its default, a fifth of that in the quick pass (at least
/// 100), since criterion times ten runs at the least and slow hand-offs make each run long.
pub fn items(workload: Workload) -> usize {
    scaled(workload.default_items())
}

/// `items`, or a fifth of it (at least 100) in the quick pass.
pub fn scaled(items: usize) -> usize {
    if quick() { (items / 5).max(100) } else { items }
}

/// Opens a group for `name`, counting throughput in items, sampling flat (every sample
/// the same number of runs, since one run is already long).
pub fn group<'a>(
    criterion: &'a mut Criterion,
    name: &str,
    items: usize,
) -> BenchmarkGroup<'a, criterion::measurement::WallTime> {
    let mut group = criterion.benchmark_group(name);
    group.sampling_mode(SamplingMode::Flat);
    group.throughput(Throughput::Elements(items as u64));
    group
}

/// Benchmarks `row` on `workload` with `config`, `items` per run, as
/// `BenchmarkId::new(row, parameter)` in the group named `group_name`. The row is built
/// once outside the timing, then timed by [`bench_timed`].
pub fn bench_row(
    group: &mut BenchmarkGroup<'_, criterion::measurement::WallTime>,
    group_name: &str,
    row: Row,
    workload: Workload,
    config: FanConfig,
    items: usize,
    parameter: impl std::fmt::Display,
) {
    let mut trial = Trial::new(row.name, workload, config)
        .unwrap_or_else(|error| panic!("cannot build {}: {error}", row.name));
    bench_timed(group, group_name, &mut trial, items, parameter);
}

/// Benchmarks a built row, `items` per run, as `BenchmarkId::new(its name, parameter)`
/// in the group named `group_name`: each timed run is checked for exactly-once delivery
/// and a run that fails it stops the bench.
pub fn bench_timed(
    group: &mut BenchmarkGroup<'_, criterion::measurement::WallTime>,
    group_name: &str,
    trial: &mut impl Timed,
    items: usize,
    parameter: impl std::fmt::Display,
) {
    let name = trial.name();
    // One run outside the timing sizes the window to the row's runs; it is made only for
    // benchmarks the command line selects, so that a filtered pass stays quick.
    let window = if selected(&format!("{group_name}/{name}/{parameter}")) {
        measurement_time_for(trial.time(items))
    } else {
        measurement_time()
    };
    group.measurement_time(window);
    group.bench_function(BenchmarkId::new(name, parameter), |bencher| {
        bencher.iter_custom(|runs| (0..runs).map(|_| trial.time(items)).sum());
    });
}

/// The measures of a run that delivered exactly once; a run that lost or duplicated an
/// item ([`LostOrDuplicated`](fanout_harness::measure::LostOrDuplicated), or a Go row's error saying so) stops the bench, loudly,
/// instead of reporting a number.
pub fn checked<T, E: std::fmt::Display>(outcome: Result<T, E>, row: &str, workload: Workload) -> T {
    outcome.unwrap_or_else(|error| panic!("{row} on {workload}: {error}"))
}

/// The shape `workers` workers with the default capacity (2 x workers) or `capacity`.
pub fn config(workers: usize, capacity: Option<usize>) -> FanConfig {
    let config = FanConfig::new(workers).expect("bench worker counts are positive");
    match capacity {
        Some(capacity) => config.with_capacity(capacity),
        None => config,
    }
}

/// Where the non-criterion targets write their records: `target/fanout/`, found from
/// `CARGO_TARGET_DIR` or from this executable's place in `target/<profile>/deps/`.
pub fn records_dir() -> PathBuf {
    let target = std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .or_else(|| {
            let executable = std::env::current_exe().ok()?;
            Some(executable.parent()?.parent()?.parent()?.to_path_buf())
        })
        .unwrap_or_else(|| PathBuf::from("target"));
    target.join("fanout")
}

/// Whether the target or benchmark named `name` should run, given cargo bench's arguments:
/// every positional argument is a filter, as criterion's are.
pub fn selected(name: &str) -> bool {
    let filters: Vec<String> = std::env::args()
        .skip(1)
        .filter(|argument| !argument.starts_with('-'))
        .collect();
    filters.is_empty() || filters.iter().any(|filter| name.contains(filter.as_str()))
}

pub use fanout_harness::measure::median;

/// A figure of repeated runs with its spread: the median of `values` and their
/// quartiles, as (median, first quartile, third quartile); `None` for no values. The
/// benches without criterion record these as a figure and its `_low` and `_high` ends.
pub fn spread(values: &[f64]) -> Option<(f64, f64, f64)> {
    let (low, high) = fanout_harness::measure::quartiles(values)?;
    Some((median(values)?, low, high))
}

/// The records of a figure and its spread: `metric`, `metric_low` and `metric_high`.
pub fn records_with_spread(
    subject: &fanout_harness::Subject,
    metric: &str,
    (value, low, high): (f64, f64, f64),
    unit: &str,
) -> [fanout_harness::Record; 3] {
    [
        subject.record(metric, value, unit),
        subject.record(&format!("{metric}_low"), low, unit),
        subject.record(&format!("{metric}_high"), high, unit),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_spread_is_the_median_between_the_quartiles() {
        assert_eq!(spread(&[4.0, 1.0, 3.0, 2.0, 5.0]), Some((3.0, 1.5, 4.5)));
        assert_eq!(spread(&[2.0]), Some((2.0, 2.0, 2.0)));
        assert_eq!(spread(&[]), None);
    }

    #[test]
    fn a_window_holds_ten_samples_of_two_runs() {
        assert_eq!(measurement_time_for(Duration::ZERO), measurement_time());
        let run = Duration::from_millis(90);
        assert!(measurement_time_for(run) >= run * 20);
    }

    #[test]
    fn worker_counts_are_powers_of_two_and_the_cores() {
        let counts = worker_counts(16);
        assert_eq!(counts[0], 1);
        assert!(counts.contains(&logical_cores().min(16)) || quick());
        assert!(counts.windows(2).all(|pair| pair[0] < pair[1]));
    }
}
