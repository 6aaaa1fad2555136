//! Runs every (row, workers) configuration of a comparison within the time budget.

use std::time::{Duration, Instant};

use fanout_core::FanConfig;
use fanout_harness::measure::{Percentiles, median, quartiles};
use fanout_harness::rows::{Row, SEQUENTIAL};
use fanout_harness::{Pacing, Trial};

use super::Settings;
use super::budget::{FEWEST_TIMED_RUNS, WARM_UP_SHARE};
use super::progress::Progress;

/// Enough runs for a stable median of even the fastest configurations.
const MOST_RUNS: usize = 200;
/// How far past the budget a configuration may be predicted to end before the comparison
/// stops instead, as a share of the budget: estimates are never exact.
const ALLOWED_OVERRUN: f64 = 0.1;
/// The share of the budget the extra timed runs aim to end by: the rest is for the
/// last engines' drop and the printing, which no share counts.
const AIMED_SHARE: f64 = 0.97;

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
    /// The first and third quartiles of the runs' wall times: the spread verdicts judge.
    pub(crate) quartiles: (Duration, Duration),
    /// Per-item latency of one closed-loop run.
    pub(crate) latency: Percentiles,
    /// Items per worker, summed over the runs.
    pub(crate) per_worker: Vec<u64>,
    /// Median CPU seconds per item, where known.
    pub(crate) cpu_per_item: Option<f64>,
    /// Largest peak RSS of a run, where known.
    pub(crate) peak_rss: Option<u64>,
}

/// What a comparison measured, and why it stopped early if it did.
#[derive(Debug)]
pub(crate) struct Outcome {
    /// Every configuration measured, in order.
    pub(crate) measured: Vec<Measured>,
    /// Why the comparison stopped before its last configuration, if it did.
    pub(crate) stopped: Option<String>,
}

/// The configurations to measure: `sequential` once, every other row at every worker count.
pub(super) fn plan(settings: &Settings) -> Vec<(Row, usize)> {
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

/// The configuration in words, for progress and messages.
pub(super) fn label(row: Row, workers: usize) -> String {
    if !row.uses_workers() {
        row.name.to_owned()
    } else if workers == 1 {
        format!("{} with 1 worker", row.name)
    } else {
        format!("{} with {workers} workers", row.name)
    }
}

/// Measures every configuration of `plan` within the budget that began at `started`,
/// `least[i]` being the estimated time of configuration `i`'s fewest runs. Time left over
/// beyond those is shared out evenly as extra timed runs.
pub(crate) fn measure_all(
    settings: &Settings,
    started: Instant,
    plan: &[(Row, usize)],
    least: &[Duration],
) -> Outcome {
    let budget = Duration::from_secs_f64(settings.seconds);
    let deadline = started + budget.mul_f64(AIMED_SHARE);
    let latest = started + budget.mul_f64(1.0 + ALLOWED_OVERRUN);
    let mut progress = Progress::new(settings.workload, plan.len());
    let mut measured = Vec::with_capacity(plan.len());
    for (index, &(row, workers)) in plan.iter().enumerate() {
        let label = label(row, workers);
        let still_needed: Duration = least[index..].iter().sum();
        let spare = deadline
            .saturating_duration_since(Instant::now())
            .saturating_sub(still_needed);
        let share = least[index] + spare / u32::try_from(plan.len() - index).unwrap_or(u32::MAX);
        progress.start(&label);
        match measure_one(settings, row, workers, share, latest) {
            Ok(one) => {
                progress.done(&label, &one);
                measured.push(one);
            }
            Err(why) => {
                progress.finish();
                return Outcome {
                    measured,
                    stopped: Some(format!("{label}: {why}")),
                };
            }
        }
    }
    progress.finish();
    Outcome {
        measured,
        stopped: None,
    }
}

/// Measures one configuration in about `share`, or says why it cannot end by `latest`.
fn measure_one(
    settings: &Settings,
    row: Row,
    workers: usize,
    share: Duration,
    latest: Instant,
) -> Result<Measured, String> {
    let started = Instant::now();
    let capacity = settings.capacity.unwrap_or(2 * workers);
    let config = FanConfig::new(workers)
        .map_err(|error| error.to_string())?
        .with_capacity(capacity);
    let mut trial = Trial::new(row.name, settings.workload, config).map_err(|e| e.to_string())?;
    let failed = |error: fanout_harness::measure::LostOrDuplicated| error.to_string();

    // A smaller run to warm caches, pools and the allocator, not counted; its time tells
    // whether the fewest runs can end in time, before they are started.
    let items = settings.items;
    let warm_items = items.div_ceil(WARM_UP_SHARE).max(1);
    let before = Instant::now();
    trial.throughput(warm_items).map_err(failed)?;
    let warm_up = before.elapsed();
    let predicted_run = warm_up.mul_f64(items as f64 / warm_items as f64);
    let fewest = predicted_run * (u32::try_from(FEWEST_TIMED_RUNS).unwrap_or(u32::MAX) + 1);
    if Instant::now() + fewest > latest {
        return Err(format!(
            "stopped before its timed runs: its warm-up of {warm_items} items took \
             {warm_up:.2?}, so {FEWEST_TIMED_RUNS} timed runs of {items} items and a latency \
             run would take about {fewest:.2?} more and end past the {} s budget, as the \
             machine is slower than estimated (busy?). What was measured is above; give \
             more --seconds, or fewer items, engines or worker counts.",
            settings.seconds
        ));
    }

    let mut elapsed = Vec::new();
    let mut cpu_per_item = Vec::new();
    let mut per_worker = vec![0; workers];
    let mut peak_rss = None;
    loop {
        let before = Instant::now();
        let run = trial.throughput(items).map_err(failed)?;
        let took = before.elapsed();
        elapsed.push(run.elapsed);
        if let Some(cpu) = run.cpu {
            cpu_per_item.push(cpu.as_secs_f64() / run.items as f64);
        }
        for (total, count) in per_worker.iter_mut().zip(&run.per_worker) {
            *total += count;
        }
        peak_rss = peak_rss.max(run.peak_rss);
        // Another timed run, and the latency run after it, must fit in the share.
        let room = started.elapsed() + 2 * took <= share;
        if elapsed.len() >= MOST_RUNS || (elapsed.len() >= FEWEST_TIMED_RUNS && !room) {
            break;
        }
    }
    let latency = trial
        .latency(items, Pacing::ClosedLoop)
        .map_err(failed)?
        .latency
        .percentiles();
    let runs = elapsed.len();
    Ok(Measured {
        row,
        workers,
        capacity,
        items,
        runs,
        median: median(&elapsed).expect("at least one run"),
        quartiles: quartiles(&elapsed).expect("at least one run"),
        latency,
        per_worker,
        cpu_per_item: median(&cpu_per_item),
        peak_rss,
    })
}
