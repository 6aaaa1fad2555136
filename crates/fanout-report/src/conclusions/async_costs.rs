//! What async engines cost: each against its hand-written reference on async-noop,
//! `buffer-unordered` on CPU work beside `tokio-tasks`, and CPU work left on the runtime
//! against the same work moved off it with `spawn_blocking`.

use crate::conclusions::contract::TARGET;
use crate::conclusions::{Finding, list};
use crate::data::Results;
use crate::data::async_work::{CPU_WORKLOAD, OFF_RUNTIME_WORKLOAD, at, concurrencies};
use crate::data::interval::Interval;
use crate::data::rows;
use crate::format;
use crate::output::markdown;
use crate::output::readme::rate_cell;
use fanout_harness::measure::Target;

/// The async engine that drives every future from one task, so CPU work gets no
/// parallelism from it.
const ONE_TASK: &str = "buffer-unordered";
/// The async engine that spawns a task per item, which the runtime spreads over its
/// threads: what `buffer-unordered` is compared with.
const TASK_PER_ITEM: &str = "tokio-tasks";

/// The finding.
pub(crate) fn finding(results: &Results) -> Finding {
    let heading = String::from("What the async engines cost");
    let parts = [paired(results), one_task(results), blocking_inside(results)];
    if parts.iter().all(Option::is_none) {
        return Finding::lacking(
            heading,
            "No async engine was measured: run `cargo bench --bench contract` and `cargo \
             bench --bench async-work`.",
        );
    }
    let mut paragraphs = Vec::new();
    let mut verdicts = Vec::new();
    for (table, verdict) in parts.into_iter().flatten() {
        paragraphs.push(table);
        verdicts.push(verdict);
    }
    paragraphs.push(format!("**Verdict:** {}.", verdicts.join("; ")));
    Finding {
        heading,
        paragraphs,
    }
}

/// Each async engine against its reference, paired by the `contract` bench on async-noop.
fn paired(results: &Results) -> Option<(String, String)> {
    let target = Target::AtMost(TARGET);
    let costs: Vec<_> = results
        .paired_costs
        .iter()
        .filter(|cost| rows::is_async_engine(cost.engine))
        .collect();
    let first = costs.first()?;
    let mut table = Vec::new();
    let mut judged = Vec::new();
    for cost in &costs {
        let ratio = Interval {
            value: cost.median,
            low: cost.low,
            high: cost.high,
        };
        let verdict = target.judge(&ratio);
        judged.push(format!(
            "`{}` {} ({})",
            cost.engine,
            verdict,
            format::times(cost.median)
        ));
        table.push(vec![
            format!("`{}`", cost.engine),
            format!("`{}`", cost.reference),
            cost.pairs.to_string(),
            ratio.times_short(),
            verdict.to_string(),
        ]);
    }
    let table = format!(
        "Paired by the `contract` bench on `{}` (a future ready at its first poll) at {} \
         futures, engine and reference alternately:\n\n{}",
        first.workload,
        first.workers,
        markdown::table(
            &[
                "async engine",
                "reference",
                "pairs",
                "time over reference (95%)",
                &format!("target: at most {}", format::times(TARGET)),
            ],
            &table,
        )
    );
    let verdict = format!(
        "against their references on `{}` (target at most {}): {}",
        first.workload,
        format::times(TARGET),
        list(&judged)
    );
    Some((table, verdict))
}

/// `buffer-unordered` over `tokio-tasks` on CPU work at each concurrency both ran.
fn one_task(results: &Results) -> Option<(String, String)> {
    let mut table = Vec::new();
    let mut ratios = Vec::new();
    for concurrency in concurrencies(results, CPU_WORKLOAD) {
        let (Some(one), Some(spread)) = (
            at(results, CPU_WORKLOAD, ONE_TASK, concurrency),
            at(results, CPU_WORKLOAD, TASK_PER_ITEM, concurrency),
        ) else {
            continue;
        };
        let ratio = one.rate().over(spread.rate());
        ratios.push((concurrency, ratio));
        table.push(vec![
            concurrency.to_string(),
            rate_cell(one),
            rate_cell(spread),
            ratio.times_short(),
        ]);
    }
    // Below the cores neither engine has parallelism to give up.
    let worst = ratios
        .iter()
        .filter(|(concurrency, _)| *concurrency >= results.cores())
        .min_by(|a, b| a.1.value.total_cmp(&b.1.value))?;
    let table = format!(
        "CPU work inside async work (`{CPU_WORKLOAD}`): `{ONE_TASK}` polls every future from \
         the consumer's one task, so it gets no parallelism, while `{TASK_PER_ITEM}` spawns a \
         task per item over the runtime's threads ({} cores here):\n\n{}",
        results.cores(),
        markdown::table(
            &[
                "c",
                &format!("`{ONE_TASK}` items/s"),
                &format!("`{TASK_PER_ITEM}` items/s"),
                &format!("`{ONE_TASK}` over `{TASK_PER_ITEM}`"),
            ],
            &table,
        )
    );
    let verdict = format!(
        "on `{CPU_WORKLOAD}` `{ONE_TASK}` reaches {} of `{TASK_PER_ITEM}`'s throughput at worst \
         at c >= {} cores (c = {}), the parallelism it gives up",
        worst.1.times_short(),
        results.cores(),
        worst.0
    );
    Some((table, verdict))
}

/// Each async engine's CPU work left on the runtime over the same work moved off it, at
/// each concurrency both ran.
fn blocking_inside(results: &Results) -> Option<(String, String)> {
    let mut table = Vec::new();
    let mut per_engine = Vec::new();
    for engine in rows::async_engines() {
        let mut ratios = Vec::new();
        for concurrency in concurrencies(results, CPU_WORKLOAD) {
            let (Some(inline), Some(moved)) = (
                at(results, CPU_WORKLOAD, engine, concurrency),
                at(results, OFF_RUNTIME_WORKLOAD, engine, concurrency),
            ) else {
                continue;
            };
            let ratio = inline.rate().over(moved.rate());
            ratios.push(ratio.value);
            table.push(vec![
                format!("`{engine}`"),
                concurrency.to_string(),
                rate_cell(inline),
                rate_cell(moved),
                ratio.times_short(),
            ]);
        }
        let lowest = ratios.iter().copied().reduce(f64::min);
        let highest = ratios.iter().copied().reduce(f64::max);
        if let (Some(lowest), Some(highest)) = (lowest, highest) {
            per_engine.push(format!(
                "`{engine}` {} to {}",
                format::times(lowest),
                format::times(highest)
            ));
        }
    }
    if per_engine.is_empty() {
        return None;
    }
    let table = format!(
        "Blocking inside async: `{CPU_WORKLOAD}` spins on the runtime's threads, \
         `{OFF_RUNTIME_WORKLOAD}` moves the same spin to tokio's blocking pool. Above 1x, \
         spinning on the runtime is faster (moving costs more than it frees); below 1x, it \
         stalls the runtime:\n\n{}",
        markdown::table(
            &[
                "async engine",
                "c",
                &format!("`{CPU_WORKLOAD}` items/s"),
                &format!("`{OFF_RUNTIME_WORKLOAD}` items/s"),
                "on the runtime over moved off",
            ],
            &table,
        )
    );
    let verdict = format!(
        "CPU work left on the runtime runs at {} of the same work moved off it with \
         `spawn_blocking`",
        list(&per_engine)
    );
    Some((table, verdict))
}
