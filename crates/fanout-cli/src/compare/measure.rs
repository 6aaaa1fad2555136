//! Runs every (row, workers) configuration of a comparison within the time budget.

use std::time::{Duration, Instant};

use fanout_core::FanConfig;
use fanout_harness::measure::{Percentiles, median};
use fanout_harness::rows::{Row, SEQUENTIAL};
use fanout_harness::{Pacing, Trial};
use indicatif::{ProgressBar, ProgressStyle};

use super::Settings;

/// Runs below this many are not worth a median.
const FEWEST_RUNS: usize = 3;
/// Enough runs for a stable median of even the fastest configurations.
const MOST_RUNS: usize = 200;

/// One configuration's measurements.
#[derive(Clone, Debug)]
pub(crate) struct Measured {
    pub(crate) row: Row,
    pub(crate) workers: usize,
    pub(crate) capacity: usize,
    pub(crate) items: usize,
    pub(crate) runs: usize,
    /// Median wall time of a run.
    pub(crate) median: Duration,
    /// Per-item latency of one closed-loop run.
    pub(crate) latency: Percentiles,
    /// Items per worker, summed over the runs.
    pub(crate) per_worker: Vec<u64>,
    /// Median CPU seconds per item, where known.
    pub(crate) cpu_per_item: Option<f64>,
    /// Largest peak RSS of a run, where known.
    pub(crate) peak_rss: Option<u64>,
}

/// The configurations to measure: `sequential` once, every other row at every worker count.
fn plan(settings: &Settings) -> Vec<(Row, usize)> {
    let sequential = Row::named(SEQUENTIAL).expect("sequential is a row");
    let mut plan = vec![(sequential, 1)];
    for &workers in &settings.workers {
        for &row in &settings.rows {
            if row.uses_workers() {
                plan.push((row, workers));
            }
        }
    }
    plan
}

/// Measures every configuration, with a progress bar on stderr.
pub(crate) fn measure_all(settings: &Settings) -> Result<Vec<Measured>, String> {
    let plan = plan(settings);
    let budget = Duration::from_secs_f64(settings.seconds / plan.len() as f64);
    let progress = ProgressBar::new(plan.len() as u64).with_style(
        ProgressStyle::with_template("{prefix} [{bar:30}] {pos}/{len} {msg}")
            .expect("a valid template")
            .progress_chars("=> "),
    );
    progress.set_prefix(format!("measuring {}", settings.workload));
    let mut measured = Vec::with_capacity(plan.len());
    for (row, workers) in plan {
        progress.set_message(format!("{} with {workers} workers", row.name));
        measured.push(measure_one(settings, row, workers, budget)?);
        progress.inc(1);
    }
    progress.finish_and_clear();
    Ok(measured)
}

fn measure_one(
    settings: &Settings,
    row: Row,
    workers: usize,
    budget: Duration,
) -> Result<Measured, String> {
    let capacity = settings.capacity.unwrap_or(2 * workers);
    let config = FanConfig::new(workers)
        .map_err(|error| error.to_string())?
        .with_capacity(capacity);
    let mut trial = Trial::new(row.name, settings.workload, config).map_err(|e| e.to_string())?;
    let failed = |error: fanout_harness::measure::LostOrDuplicated| {
        format!("{} with {workers} workers: {error}", row.name)
    };

    // One run to warm caches, pools and the allocator; not counted.
    trial.throughput(settings.items).map_err(failed)?;
    let started = Instant::now();
    let mut elapsed = Vec::new();
    let mut cpu_per_item = Vec::new();
    let mut per_worker = vec![0; workers];
    let mut peak_rss = None;
    while elapsed.len() < FEWEST_RUNS || (started.elapsed() < budget && elapsed.len() < MOST_RUNS) {
        let run = trial.throughput(settings.items).map_err(failed)?;
        elapsed.push(run.elapsed);
        if let Some(cpu) = run.cpu {
            cpu_per_item.push(cpu.as_secs_f64() / run.items as f64);
        }
        for (total, count) in per_worker.iter_mut().zip(&run.per_worker) {
            *total += count;
        }
        peak_rss = peak_rss.max(run.peak_rss);
    }
    let latency = trial
        .latency(settings.items, Pacing::ClosedLoop)
        .map_err(failed)?
        .latency
        .percentiles();
    let runs = elapsed.len();
    Ok(Measured {
        row,
        workers,
        capacity,
        items: settings.items,
        runs,
        median: median(&elapsed).expect("at least one run"),
        latency,
        per_worker,
        cpu_per_item: median(&cpu_per_item),
        peak_rss,
    })
}
