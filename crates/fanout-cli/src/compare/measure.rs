//! Runs every (row, workers) configuration of a comparison in rounds within the time
//! budget, as the `decision` bench does: each round times every configuration once, in an
//! order rotated from round to round, each built for its turn, warmed, timed and dropped.
//! The verdict then compares times taken seconds apart, round by round, which carries
//! little of the drift a busy or shared machine shows over the whole comparison.

use std::time::{Duration, Instant};

use fanout_core::FanConfig;
use fanout_harness::measure::{Percentiles, median, quartiles};
use fanout_harness::rows::{Row, SEQUENTIAL};
use fanout_harness::{Pacing, Trial};

use super::Settings;
use super::budget::{FEWEST_ROUNDS, WARM_UP_SHARE};
use super::progress::Progress;

/// Enough rounds for a narrow interval on the paired ratios (25 rounds put its ends at
/// about the 8th and 18th ratios).
const MOST_ROUNDS: usize = 25;
/// How far past the budget a configuration may be predicted to end before the comparison
/// stops instead, as a share of the budget: estimates are never exact.
const ALLOWED_OVERRUN: f64 = 0.1;
/// The share of the budget the extra rounds aim to end by: the rest is for the printing,
/// which no share counts.
const AIMED_SHARE: f64 = 0.97;

/// One configuration's measurements.
#[derive(Clone, Debug)]
pub(crate) struct Measured {
    pub(crate) row: Row,
    pub(crate) workers: usize,
    pub(crate) capacity: usize,
    pub(crate) items: usize,
    /// Each round's timed run, in the rounds' order: the verdict pairs them by round.
    pub(crate) rounds: Vec<Duration>,
    /// Per-item latency of one closed-loop run.
    pub(crate) latency: Percentiles,
    /// Items per worker, summed over the rounds.
    pub(crate) per_worker: Vec<u64>,
    /// CPU seconds per item in each round, where known.
    pub(crate) cpu_per_item: Vec<f64>,
    /// Largest peak RSS of a run, where known.
    pub(crate) peak_rss: Option<u64>,
}

impl Measured {
    /// The median round's time.
    pub(crate) fn median(&self) -> Duration {
        median(&self.rounds).unwrap_or(Duration::MAX)
    }

    /// The first and third quartiles of the rounds' times: the spread the table shows.
    pub(crate) fn quartiles(&self) -> (Duration, Duration) {
        quartiles(&self.rounds).unwrap_or((Duration::MAX, Duration::MAX))
    }

    /// The median round's CPU seconds per item, where known.
    pub(crate) fn median_cpu_per_item(&self) -> Option<f64> {
        median(&self.cpu_per_item)
    }

    /// Nanoseconds per item in each round, as the verdict's candidates hold them.
    pub(crate) fn nanos_per_item(&self) -> Vec<f64> {
        let items = self.items.max(1) as f64;
        self.rounds
            .iter()
            .map(|round| round.as_nanos() as f64 / items)
            .collect()
    }
}

/// What a comparison measured, and why it stopped early if it did.
#[derive(Debug)]
pub(crate) struct Outcome {
    /// Every configuration timed in at least one round, in the plan's order.
    pub(crate) measured: Vec<Measured>,
    /// Why the comparison stopped before its fewest rounds were done, if it did.
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

/// Measures every configuration of `plan` in rounds within the budget that began at
/// `started`: at least [`FEWEST_ROUNDS`], then more while the next one is predicted, from
/// the last, to end in time. Stops, with what it measured, when a configuration's warm-up
/// or a round shows that the fewest rounds cannot end in time.
pub(crate) fn measure_all(settings: &Settings, started: Instant, plan: &[(Row, usize)]) -> Outcome {
    let budget = Duration::from_secs_f64(settings.seconds);
    let deadline = started + budget.mul_f64(AIMED_SHARE);
    let latest = started + budget.mul_f64(1.0 + ALLOWED_OVERRUN);
    let progress = Progress::new(settings.workload, plan.len(), FEWEST_ROUNDS);
    let mut measured: Vec<Option<Measured>> = vec![None; plan.len()];
    let mut stopped = None;
    let mut rounds = 0;
    'rounds: while rounds < MOST_ROUNDS {
        let round_started = Instant::now();
        for index in rotated(plan.len(), rounds) {
            let (row, workers) = plan[index];
            let label = label(row, workers);
            progress.start(&label);
            if let Err(why) = turn(settings, row, workers, &mut measured[index], latest) {
                stopped = Some(format!("{label}: {why}"));
                break 'rounds;
            }
            progress.done();
        }
        rounds += 1;
        let took = round_started.elapsed();
        progress.round_done(rounds, took);
        let next_ends = Instant::now() + took;
        if rounds < FEWEST_ROUNDS && next_ends > latest {
            stopped = Some(format!(
                "stopped after {rounds} of the fewest {FEWEST_ROUNDS} rounds: the last took \
                 {took:.2?}, so the next would end past the {} s budget, as the machine is \
                 slower than estimated (busy?). What was measured is above; give more \
                 --seconds, or fewer items, engines or worker counts.",
                settings.seconds
            ));
            break;
        }
        if rounds >= FEWEST_ROUNDS && next_ends > deadline {
            break;
        }
        progress.another_round();
    }
    progress.finish();
    Outcome {
        measured: measured.into_iter().flatten().collect(),
        stopped,
    }
}

/// The plan's indices in round `round`'s order: rotated by one place a round, so that no
/// configuration always follows the same one.
fn rotated(count: usize, round: usize) -> impl Iterator<Item = usize> {
    (0..count).map(move |place| (place + round) % count.max(1))
}

/// One configuration's turn in a round: builds it, warms it with a run of a quarter of the
/// items, times one run and adds it to `measured` (on its first turn, a closed-loop latency
/// run too), and drops it; or says why its turn cannot end by `latest`.
fn turn(
    settings: &Settings,
    row: Row,
    workers: usize,
    measured: &mut Option<Measured>,
    latest: Instant,
) -> Result<(), String> {
    let capacity = settings.capacity.unwrap_or(2 * workers);
    let config = FanConfig::new(workers)
        .map_err(|error| error.to_string())?
        .with_capacity(capacity);
    let mut trial = Trial::new(row.name, settings.workload, config).map_err(|e| e.to_string())?;
    let failed = |error: fanout_harness::measure::LostOrDuplicated| error.to_string();

    // A smaller run to warm caches, pools and the allocator, not counted; its time tells
    // whether the turn can end in time, before the timed run is started.
    let items = settings.items;
    let warm_items = items.div_ceil(WARM_UP_SHARE).max(1);
    let before = Instant::now();
    trial.throughput(warm_items).map_err(failed)?;
    let warm_up = before.elapsed();
    let predicted_run = warm_up.mul_f64(items as f64 / warm_items as f64);
    let runs_left = if measured.is_none() { 2 } else { 1 };
    if Instant::now() + predicted_run * runs_left > latest {
        return Err(format!(
            "stopped before its timed run: its warm-up of {warm_items} items took \
             {warm_up:.2?}, so a run of {items} items would take about {predicted_run:.2?} \
             and end past the {} s budget, as the machine is slower than estimated (busy?). \
             What was measured is above; give more --seconds, or fewer items, engines or \
             worker counts.",
            settings.seconds
        ));
    }

    let run = trial.throughput(items).map_err(failed)?;
    let so_far = match measured {
        Some(so_far) => so_far,
        None => {
            let latency = trial
                .latency(items, Pacing::ClosedLoop)
                .map_err(failed)?
                .latency
                .percentiles();
            measured.insert(Measured {
                row,
                workers,
                capacity,
                items,
                rounds: Vec::new(),
                latency,
                per_worker: vec![0; workers],
                cpu_per_item: Vec::new(),
                peak_rss: None,
            })
        }
    };
    so_far.rounds.push(run.elapsed);
    for (total, count) in so_far.per_worker.iter_mut().zip(&run.per_worker) {
        *total += count;
    }
    so_far.peak_rss = so_far.peak_rss.max(run.peak_rss);
    if let Some(cpu) = run.cpu {
        so_far
            .cpu_per_item
            .push(cpu.as_secs_f64() / run.items.max(1) as f64);
    }
    drop(trial);
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_round_starts_one_place_further_on() {
        let orders: Vec<Vec<usize>> = (0..3).map(|round| rotated(3, round).collect()).collect();
        assert_eq!(orders, [[0, 1, 2], [1, 2, 0], [2, 0, 1]]);
    }
}
