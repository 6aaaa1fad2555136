//! The contract's cost: each engine against the shortest hand-written fan-out/fan-in on
//! its own primitive, paired by the `contract` bench and over the throughput workloads.

use fanout_harness::measure::median;

use crate::conclusions::{Finding, Verdict, list};
use crate::data::Results;
use crate::data::costs::{ContractCost, PairedCost, contract_costs};
use crate::data::interval::Interval;
use crate::data::rows;
use crate::format;
use crate::output::markdown;

/// The project's target: the contract costs under 25% on noop, engine against reference.
pub(crate) const TARGET: f64 = 1.25;

/// The finding.
pub(crate) fn finding(results: &Results) -> Finding {
    let heading = String::from("What the contract costs against a bare loop on each primitive");
    let mut paragraphs = vec![String::from(
        "Each engine's time per item over its primitive's `*-reference` row: the shortest \
         correct hand-written fan-out/fan-in, without a lazy input, a bound on items in \
         flight, early drop or panic safety (1x: the contract is free).",
    )];
    let mut verdicts = Vec::new();
    // The async engines' paired costs, on async-noop, are judged with the async work.
    let blocking: Vec<PairedCost> = results
        .paired_costs
        .iter()
        .filter(|cost| rows::is_engine(cost.engine))
        .cloned()
        .collect();
    if let Some((table, verdict)) = paired(&blocking) {
        paragraphs.push(table);
        verdicts.push(verdict);
    }
    let costs = contract_costs(results);
    if costs.is_empty() {
        paragraphs.push(String::from(
            "No throughput group measured an engine beside its `*-reference` row: run \
             `cargo bench --bench throughput`.",
        ));
    } else {
        let (table, verdict) = across_workloads(&costs);
        paragraphs.push(table);
        verdicts.push(verdict);
    }
    if !verdicts.is_empty() {
        paragraphs.push(format!("**Verdict:** {}.", verdicts.join("; ")));
    }
    Finding {
        heading,
        paragraphs,
    }
}

/// Whether a paired cost meets the target: met when its whole interval is at or below
/// it, missed when the whole interval is above it.
fn against_target(cost: &PairedCost) -> &'static str {
    if cost.high <= TARGET {
        "met"
    } else if cost.low > TARGET {
        "missed"
    } else {
        "not settled"
    }
}

/// The `contract` bench's table and its verdict on the target, or nothing when that
/// bench was not run.
fn paired(costs: &[PairedCost]) -> Option<(String, String)> {
    let first = costs.first()?;
    let rows: Vec<Vec<String>> = costs
        .iter()
        .map(|cost| {
            let time = |nanos: Option<f64>| nanos.map_or_else(String::new, format::duration);
            vec![
                format!("`{}`", cost.engine),
                format!("`{}`", cost.reference),
                cost.pairs.to_string(),
                Interval {
                    value: cost.median,
                    low: cost.low,
                    high: cost.high,
                }
                .times_short(),
                time(cost.engine_nanos_per_item),
                time(cost.reference_nanos_per_item),
                against_target(cost).to_owned(),
            ]
        })
        .collect();
    let target = format!("target: at most {}", format::times(TARGET));
    let table = format!(
        "Paired by the `contract` bench (engine and reference run alternately on `{}` at {} \
         workers, the median of the per-pair ratios, so drift between runs cancels):\n\n{}",
        first.workload,
        first.workers,
        markdown::table(
            &[
                "engine",
                "reference",
                "pairs",
                "time over reference (95%)",
                "engine per item",
                "reference per item",
                &target,
            ],
            &rows,
        )
    );
    let said: Vec<String> = ["met", "missed", "not settled"]
        .into_iter()
        .filter_map(|outcome| {
            let engines: Vec<String> = costs
                .iter()
                .filter(|cost| against_target(cost) == outcome)
                .map(|cost| format!("`{}`", cost.engine))
                .collect();
            (!engines.is_empty()).then(|| format!("{outcome} by {}", list(&engines)))
        })
        .collect();
    let verdict = format!(
        "the target (at most {} on `{}`) is {}",
        format::times(TARGET),
        first.workload,
        said.join(", ")
    );
    Some((table, verdict))
}

/// One row per engine over the throughput workloads, from criterion's medians, and the
/// cheapest, dearest and largest single gap.
fn across_workloads(costs: &[ContractCost]) -> (String, String) {
    let mut workloads: Vec<&str> = Vec::new();
    for cost in costs {
        if !workloads.contains(&cost.workload.as_str()) {
            workloads.push(&cost.workload);
        }
    }
    let mut rows = Vec::new();
    let mut medians = Vec::new();
    for engine in rows::engines() {
        let mine: Vec<&ContractCost> = costs.iter().filter(|cost| cost.engine == engine).collect();
        let Some(first) = mine.first() else {
            continue;
        };
        let ratios: Vec<f64> = mine.iter().map(|cost| cost.ratio()).collect();
        let typical = median(&ratios).unwrap_or(f64::NAN);
        // Faster than its bare loop only where every workload's interval says so.
        let faster = mine
            .iter()
            .all(|cost| Verdict::of_ratio(cost.ratio_interval) == Verdict::Worse);
        medians.push((engine, typical, faster));
        let mut row = vec![format!("`{engine}`"), format!("`{}`", first.reference)];
        row.extend(workloads.iter().map(|workload| {
            mine.iter()
                .find(|cost| cost.workload == *workload)
                .map_or_else(String::new, |cost| cost.ratio_interval.times_short())
        }));
        row.push(format::times(typical));
        row.push(String::from(if faster { "yes" } else { "no" }));
        rows.push(row);
    }
    let mut header = vec![String::from("engine"), String::from("reference")];
    header.extend(workloads.iter().map(|workload| format!("`{workload}`")));
    header.push(String::from("median"));
    header.push(String::from("faster everywhere"));
    let table = format!(
        "From the throughput groups at workers = cores, each row timed by criterion in its \
         own benchmark, so drift between the two counts too:\n\n{}",
        markdown::table(&header, &rows)
    );
    let mut verdict = String::new();
    let by_median = |a: &&(&str, f64, bool), b: &&(&str, f64, bool)| a.1.total_cmp(&b.1);
    if let (Some(cheapest), Some(dearest)) = (
        medians.iter().min_by(by_median),
        medians.iter().max_by(by_median),
    ) {
        verdict.push_str(&format!(
            "over the workloads the contract costs least for `{}` (median {}) and most for `{}` ({})",
            cheapest.0,
            format::times(cheapest.1),
            dearest.0,
            format::times(dearest.1)
        ));
    }
    if let Some(worst) = costs.iter().max_by(|a, b| a.ratio().total_cmp(&b.ratio())) {
        verdict.push_str(&format!(
            ", the largest single gap `{}` on `{}` ({} per item against {})",
            worst.engine,
            worst.workload,
            format::duration(worst.engine_nanos_per_item.value),
            format::duration(worst.reference_nanos_per_item.value)
        ));
    }
    (table, verdict)
}
