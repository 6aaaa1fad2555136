//! The time budget, planned before anything is measured: how many items a run gets, and
//! whether the smallest honest measurement fits in `--seconds` at all.
//!
//! The rules:
//! - every configuration is timed in at least [`FEWEST_ROUNDS`] rounds (a median of fewer
//!   is not worth printing), each turn building it, warming it with a run of a quarter of
//!   the items, timing one run and dropping it, plus one latency run; more rounds are made
//!   while the next one fits the time left;
//! - the plan fills at most [`PLANNED_SHARE`] of the budget by estimate, leaving the rest
//!   for estimates that are off, for building and dropping the engines, and for printing;
//! - items asked for with `--items` are measured as asked, or refused with the count that
//!   would fit: the command never measures something other than what was asked;
//! - the default item count shrinks to fit, but not below [`FEWEST_ITEMS`] nor below
//!   [`FEWEST_ITEMS_PER_WORKER`] per worker, so that every worker has items to take;
//! - when even that does not fit, the comparison is refused before it starts, with the
//!   time one run takes and the `--seconds` that would do.
//!
//! Estimates come from the workload's nominal cost per item, scaled by how much slower
//! the machine is at that work just now ([`super::calibrate`]), and a hand-off cost per
//! item that errs high; [`super::measure`] checks each configuration's real cost on its
//! warm-up run and stops rather than overrun.

use std::time::Duration;

use fanout_harness::Workload;

/// Rounds a comparison makes whatever the budget, each timing every configuration once.
pub(crate) const FEWEST_ROUNDS: usize = 3;
/// The warm-up run's items, as a share of a timed run's.
pub(crate) const WARM_UP_SHARE: usize = 4;
/// Runs' worth of time a configuration takes at the least: a quarter-size warm-up and a
/// timed run in each of the fewest rounds, and its latency run.
const LEAST_RUNS: f64 = FEWEST_ROUNDS as f64 * (1.0 + 1.0 / WARM_UP_SHARE as f64) + 1.0;
/// The share of the budget the plan fills by estimate.
pub(crate) const PLANNED_SHARE: f64 = 0.8;
/// The fewest items per run the default may shrink to: fewer are mostly start and end.
const FEWEST_ITEMS: usize = 100;
/// The fewest items per worker the default may shrink to.
const FEWEST_ITEMS_PER_WORKER: usize = 4;
/// The largest budget `--seconds` accepts, for the advice in a refusal.
const MOST_SECONDS: f64 = 3600.0;

/// What moving one item through an engine and back costs at the most on a busy machine:
/// on the project's shared 2-core machine it measured 0.1 to 10 us idle and up to 190 us
/// under heavy load, so this is a middle that the warm-up check backs up.
const HAND_OFF_SECONDS: f64 = 5e-6;
/// How far a short sleep overshoots its time, on Linux's default timer slack and more.
const SLEEP_OVERSHOOT_SECONDS: f64 = 80e-6;
/// What starting and joining one worker thread costs, once per configuration.
const THREAD_SECONDS: f64 = 100e-6;
/// What copying one byte of payload to a worker and back costs, generously.
const BYTE_SECONDS: f64 = 1e-9;

/// One configuration's expected cost.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Cost {
    /// The configuration in words, for messages: `crossbeam with 4 workers`.
    pub(crate) label: String,
    /// Seconds per item of a run.
    pub(crate) per_item: f64,
    /// Seconds to build the row and drop it again, once (once a round).
    pub(crate) fixed: f64,
}

impl Cost {
    /// The estimate for `workload` on a row that uses `workers` workers (`None` for
    /// `sequential`) on `cores` cores, `slowness` times slower than nominal at its work.
    pub(crate) fn estimate(
        label: String,
        workload: Workload,
        workers: Option<usize>,
        cores: usize,
        slowness: f64,
    ) -> Cost {
        let (work, sleeps) = match workload {
            Workload::Sleep(time) => (time.as_secs_f64() + SLEEP_OVERSHOOT_SECONDS, true),
            other => (other.nominal_cost().as_secs_f64(), false),
        };
        let moved = workload.payload_bytes() as f64 * BYTE_SECONDS;
        let (work, moved) = (work * slowness, moved * slowness);
        match workers {
            None => Cost {
                label,
                per_item: work + moved,
                fixed: 0.0,
            },
            Some(workers) => {
                // Sleeping workers share no core; busy ones share the machine's cores.
                let parallel = if sleeps { workers } else { workers.min(cores) };
                Cost {
                    label,
                    per_item: work / parallel.max(1) as f64 + moved + HAND_OFF_SECONDS,
                    fixed: workers as f64 * THREAD_SECONDS,
                }
            }
        }
    }

    /// Seconds one run of `items` takes.
    pub(crate) fn run(&self, items: usize) -> f64 {
        self.per_item * items as f64
    }

    /// Seconds the configuration's fewest runs of `items` take, with its builds and drops.
    pub(crate) fn least(&self, items: usize) -> f64 {
        self.fixed * FEWEST_ROUNDS as f64 + LEAST_RUNS * self.run(items)
    }
}

/// Where a comparison's item count comes from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Items {
    /// Asked for with `--items`: measured as asked, or refused.
    Asked(usize),
    /// The workload's default: shrunk to fit if needed.
    Default(usize),
}

/// The items per run that fit the configurations `costs` in `seconds`, or why none do and
/// what would; `most_workers` is the largest worker count measured.
pub(crate) fn plan(
    seconds: f64,
    items: Items,
    costs: &[Cost],
    most_workers: usize,
) -> Result<usize, String> {
    let total = |items: usize| costs.iter().map(|cost| cost.least(items)).sum::<f64>();
    let planned = seconds * PLANNED_SHARE;
    let fixed: f64 = costs.iter().map(|cost| cost.least(0)).sum();
    let per_item: f64 = costs.iter().map(|cost| LEAST_RUNS * cost.per_item).sum();
    // The most items whose fewest runs fit, from total(items) = fixed + items x per_item.
    let fitting = if per_item > 0.0 {
        ((planned - fixed) / per_item).floor().max(0.0)
    } else {
        f64::MAX
    };
    let fits = |items: usize| items as f64 <= fitting && fixed <= planned;
    let (wanted, fewest) = match items {
        Items::Asked(items) => (items, items),
        Items::Default(items) => {
            let fewest = FEWEST_ITEMS.max(FEWEST_ITEMS_PER_WORKER * most_workers);
            (items, fewest.min(items))
        }
    };
    if fits(wanted) {
        return Ok(wanted);
    }
    if fits(fewest) {
        // `fitting` is below `wanted` here, so it is a count the conversion keeps.
        return Ok((fitting as usize).max(fewest));
    }
    Err(refusal(
        seconds,
        items,
        fewest,
        costs,
        total(fewest),
        fitting,
    ))
}

/// Why `items` cannot fit in `seconds`, with one run's time and what would fit.
fn refusal(
    seconds: f64,
    items: Items,
    fewest: usize,
    costs: &[Cost],
    total: f64,
    fitting: f64,
) -> String {
    let slowest = costs
        .iter()
        .max_by(|a, b| a.run(fewest).total_cmp(&b.run(fewest)))
        .expect("a comparison measures at least sequential");
    let needed = (total / PLANNED_SHARE).ceil();
    let mut ways = Vec::new();
    if matches!(items, Items::Asked(_)) && fitting >= 1.0 {
        ways.push(format!("ask for at most {} items", fitting as u64));
    }
    let limit = if needed <= MOST_SECONDS {
        ways.push(format!("give --seconds {needed:.0}"));
        String::new()
    } else {
        format!(", more than the {MOST_SECONDS:.0} s that --seconds accepts")
    };
    ways.push(String::from(
        "choose fewer engines, fewer worker counts or a workload with less work per item",
    ));
    let what = match items {
        Items::Asked(_) => format!("{fewest} items per run"),
        Items::Default(_) => format!("the fewest items worth measuring, {fewest} per run,"),
    };
    format!(
        "{what} cannot be measured in {seconds} s: by estimate one run takes {} ({}), and \
         each of the {} configurations needs a warm-up and a timed run in each of \
         {FEWEST_ROUNDS} rounds for a median, and a latency run, about {} in all{limit}. To \
         fit, {}.",
        readable(slowest.run(fewest)),
        slowest.label,
        costs.len(),
        readable(total),
        ways.join(", or ")
    )
}

/// Seconds as a person reads them: `120 ms`, `3.5 s`, `25 min`.
fn readable(seconds: f64) -> String {
    let duration = Duration::from_secs_f64(seconds.clamp(0.0, 1e9));
    match seconds {
        s if s < 1.0 => format!("{} ms", duration.as_millis()),
        s if s < 120.0 => format!("{s:.1} s"),
        s if s < 7200.0 => format!("{:.0} min", s / 60.0),
        s => format!("{:.1} h", s / 3600.0),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cost(per_item: f64, fixed: f64) -> Cost {
        Cost {
            label: format!("row at {per_item} s an item"),
            per_item,
            fixed,
        }
    }

    /// Nineteen configurations, as the default comparison on 2 cores makes.
    fn nineteen(per_item: f64) -> Vec<Cost> {
        vec![cost(per_item, 0.0); 19]
    }

    #[test]
    fn what_fits_is_measured_as_planned() {
        assert_eq!(
            plan(30.0, Items::Default(2_000), &nineteen(1e-6), 4),
            Ok(2_000)
        );
        assert_eq!(plan_asked(30.0, 5_000, &nineteen(1e-6)), Ok(5_000));
    }

    fn plan_asked(seconds: f64, items: usize, costs: &[Cost]) -> Result<usize, String> {
        plan(seconds, Items::Asked(items), costs, 4)
    }

    #[test]
    fn the_default_shrinks_to_fit_the_budget() {
        // 19 x 4.75 runs x 2 000 items x 100 us = 18 s, over 80 % of 10 s.
        let costs = nineteen(100e-6);
        let items = plan(10.0, Items::Default(2_000), &costs, 4).unwrap();
        assert!((100..2_000).contains(&items), "{items}");
        let least: f64 = costs.iter().map(|cost| cost.least(items)).sum();
        assert!(
            least <= 10.0 * PLANNED_SHARE,
            "{items} items take {least} s"
        );
    }

    #[test]
    fn the_default_shrinks_no_further_than_four_items_a_worker() {
        // 1 024 workers want 4 096 items at the least, which do not fit in 1 s at 10 us.
        let error = plan(1.0, Items::Default(5_000), &nineteen(10e-6), 1_024).unwrap_err();
        assert!(error.contains("4096 per run"), "{error}");
        let items = plan(60.0, Items::Default(5_000), &nineteen(10e-6), 1_024).unwrap();
        assert!(items >= 4_096, "{items}");
    }

    #[test]
    fn asked_items_are_kept_or_refused_with_what_fits() {
        // Ten million noop items at 5 us are 50 s a run, far past 1 s.
        let error = plan_asked(1.0, 10_000_000, &nineteen(5e-6)).unwrap_err();
        assert!(error.contains("10000000 items per run"), "{error}");
        assert!(error.contains("one run takes 50.0 s"), "{error}");
        // 0.8 s / (19 x 4.75 runs x 5 us) = 1 772 items.
        assert!(error.contains("ask for at most 1772 items"), "{error}");
        assert!(error.contains("more than the 3600 s"), "{error}");
        let error = plan_asked(30.0, 100_000, &nineteen(5e-6)).unwrap_err();
        // 19 x 4.75 runs x 0.5 s = 45.1 s, over 80 % of 30 s.
        assert!(error.contains("--seconds 57"), "{error}");
    }

    #[test]
    fn a_workload_too_slow_for_any_budget_is_refused_before_it_starts() {
        // sleep-1s: sequential takes 100 s a run of the fewest items.
        let mut costs = nineteen(0.5);
        costs[0] = cost(1.0, 0.0);
        let error = plan(1.0, Items::Default(100), &costs, 2).unwrap_err();
        assert!(
            error.contains("fewest items worth measuring, 100"),
            "{error}"
        );
        assert!(
            error.contains("one run takes 100.0 s (row at 1 s an item)"),
            "{error}"
        );
        assert!(error.contains("more than the 3600 s"), "{error}");
    }

    #[test]
    fn building_the_rows_alone_can_overrun() {
        // Three configurations built in each of three rounds, 2 s a build: 18 s.
        let costs = vec![cost(0.0, 2.0); 3];
        let error = plan(1.0, Items::Default(100), &costs, 2).unwrap_err();
        assert!(error.contains("--seconds 23"), "{error}");
    }

    #[test]
    fn estimates_follow_the_workload() {
        let spin: Workload = "spin-10us".parse().unwrap();
        let sequential = Cost::estimate("s".into(), spin, None, 2, 1.0);
        let four = Cost::estimate("c".into(), spin, Some(4), 2, 1.0);
        assert!((sequential.per_item - 10e-6).abs() < 1e-8, "{sequential:?}");
        // Four busy workers share two cores: half the work per item, plus the hand-off.
        assert!(
            (four.per_item - (5e-6 + HAND_OFF_SECONDS)).abs() < 1e-8,
            "{four:?}"
        );
        let sleep: Workload = "sleep-1ms".parse().unwrap();
        let sleepers = Cost::estimate("c".into(), sleep, Some(10), 2, 1.0);
        assert!(sleepers.per_item < 0.2e-3, "{sleepers:?}");
        // A machine twice as slow at the work doubles the work, not the hand-off.
        let busy = Cost::estimate("c".into(), spin, Some(4), 2, 2.0);
        assert!(
            (busy.per_item - (10e-6 + HAND_OFF_SECONDS)).abs() < 1e-7,
            "{busy:?}"
        );
    }

    #[test]
    fn times_read_well() {
        assert_eq!(readable(0.25), "250 ms");
        assert_eq!(readable(50.0), "50.0 s");
        assert_eq!(readable(1_900.0), "32 min");
    }
}
