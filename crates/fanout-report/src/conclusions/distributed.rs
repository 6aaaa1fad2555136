//! Where distribution pays: what fanout-nats costs per item above in-process crossbeam,
//! its efficiency against the target, and the break-even work per item on this machine.

use fanout_harness::measure::Interval;

use crate::conclusions::{Finding, list};
use crate::data::Results;
use crate::data::distributed::{BreakEven, break_even, process_counts};
use crate::format;
use crate::output::markdown;

/// The share of in-process throughput at which distribution is taken to pay.
pub(crate) const SHARE_TARGET: f64 = 0.8;
/// The project's target: NATS's efficiency on `spin-1ms` at 2 processes.
const EFFICIENCY_TARGET: f64 = 0.8;
/// The workload and process count that target is set on.
const EFFICIENCY_AT: (&str, usize) = ("spin-1ms", 2);
/// The workload whose cost above crossbeam is the transport's own.
const NO_WORK: &str = "noop";

/// The finding.
pub(crate) fn finding(results: &Results) -> Finding {
    let heading = String::from("Where distribution pays: NATS worker processes against in-process");
    let points = &results.distributed;
    if points.is_empty() {
        return Finding::lacking(
            heading,
            "No `fanout/distributed.jsonl`: run \
             `cargo bench --bench distributed` (needs `nats-server`).",
        );
    }
    let figure = |value: Option<Interval>, show: fn(f64) -> String| {
        value.map_or_else(String::new, |value| value.written(show))
    };
    let table: Vec<Vec<String>> = points
        .iter()
        .map(|point| {
            vec![
                format!("`{}`", point.workload),
                point.processes.to_string(),
                figure(point.nats_rate(), format::si),
                figure(point.crossbeam_rate(), format::si),
                figure(point.sequential_rate(), format::si),
                figure(point.share(), format::significant),
                figure(point.cost(), format::duration),
                figure(point.efficiency(), format::significant),
            ]
        })
        .collect();
    let mut verdicts = Vec::new();
    verdicts.extend(transport_cost(results));
    verdicts.extend(efficiency(results));
    verdicts.extend(break_evens(results));
    Finding {
        heading,
        paragraphs: vec![
            String::from(
                "fanout-nats with `fanout worker` processes of one worker each on a local \
                 `nats-server`, against in-process `crossbeam` with as many workers, in the \
                 same run. Each figure is the median of the bench's timed runs, in brackets \
                 the quartiles of the runs. NATS over crossbeam pairs each one's quartiles \
                 with the other's opposite ones; \"cost over crossbeam\" is NATS's wall \
                 time per item above crossbeam's median; efficiency is NATS's speed-up \
                 over `sequential`'s median against the workload's ideal.",
            ),
            markdown::table(
                &[
                    "workload",
                    "processes",
                    "NATS items/s",
                    "crossbeam items/s",
                    "sequential items/s",
                    "NATS over crossbeam",
                    "cost over crossbeam",
                    "NATS efficiency",
                ],
                &table,
            ),
            format!("**Verdict:** {}.", verdicts.join("; ")),
        ],
    }
}

/// NATS's cost per item above crossbeam on noop, at each process count.
fn transport_cost(results: &Results) -> Option<String> {
    let costs: Vec<String> = results
        .distributed
        .iter()
        .filter(|point| point.workload == NO_WORK)
        .filter_map(|point| {
            let cost = point.cost()?;
            // A spread that reaches zero is no cost measured, never a negative one.
            let figure = if cost.low <= 0.0 {
                format!(
                    "nothing beyond the runs' spread ({} to {})",
                    format::duration(cost.low),
                    format::duration(cost.high)
                )
            } else {
                cost.written(format::duration)
            };
            let against_sequential = point
                .nats_rate()
                .zip(point.sequential_rate())
                .map(|(nats, sequential)| {
                    format!(
                        " (`sequential` {} NATS's throughput)",
                        format::times(sequential.value / nats.value)
                    )
                })
                .unwrap_or_default();
            Some(format!(
                "{figure} at {}{against_sequential}",
                processes(point.processes)
            ))
        })
        .collect();
    (!costs.is_empty()).then(|| {
        format!(
            "on `{NO_WORK}` NATS costs, per item above in-process crossbeam, {}",
            list(&costs)
        )
    })
}

/// The efficiency target: met when the runs' whole spread reaches it, missed when none
/// of it does, otherwise not settled.
fn efficiency(results: &Results) -> Option<String> {
    let (workload, at) = EFFICIENCY_AT;
    let point = results
        .distributed
        .iter()
        .find(|point| point.workload == workload && point.processes == at)?;
    let efficiency = point.efficiency()?;
    let verdict = if efficiency.low >= EFFICIENCY_TARGET {
        "met"
    } else if efficiency.high < EFFICIENCY_TARGET {
        "missed"
    } else {
        "not settled"
    };
    Some(format!(
        "efficiency on `{workload}` at {} is {} against the target of {EFFICIENCY_TARGET}: \
         **{verdict}**",
        processes(at),
        efficiency.written(format::significant)
    ))
}

/// The break-even work per item at each process count, with the machine.
fn break_evens(results: &Results) -> Option<String> {
    let points = &results.distributed;
    let said: Vec<String> = process_counts(points)
        .into_iter()
        .filter_map(|count| {
            let text = match break_even(points, count, SHARE_TARGET)? {
                BreakEven::AtOrBelow(work) => format!("at most {}", work_words(work)),
                BreakEven::Between {
                    work_nanos,
                    below,
                    above,
                } => format!(
                    "about {} (between `{below}` and `{above}`)",
                    format::duration(work_nanos)
                ),
                BreakEven::NotReached(most) => {
                    format!("not reached up to {}", work_words(most))
                }
                BreakEven::NotSettled { workload, share } => format!(
                    "not settled (on `{workload}` NATS reaches {} of crossbeam's throughput, \
                     its spread straddling {SHARE_TARGET})",
                    share.written(format::significant)
                ),
            };
            Some(format!("{text} at {}", processes(count)))
        })
        .collect();
    (!said.is_empty()).then(|| {
        format!(
            "**break-even** on {} (NATS at {SHARE_TARGET} of in-process throughput, the \
             smallest nominal work per item, read between measured workloads where the \
             chart's line crosses it, on log axes, and given only where the spreads of the \
             workloads either side lie wholly on either side of it): {}",
            results.machine.phrase(),
            list(&said)
        )
    })
}

fn work_words(nanos: f64) -> String {
    if nanos > 0.0 {
        format!("{} of work per item", format::duration(nanos))
    } else {
        String::from("no work per item (`noop`)")
    }
}

/// `1 process`, `2 processes`.
pub(crate) fn processes(count: usize) -> String {
    format!(
        "{count} {}",
        if count == 1 { "process" } else { "processes" }
    )
}
