//! The data as CSV: one table per bench question, every figure the charts and the README
//! use, with the row's kind beside its name.

use fanout_harness::measure::Percentiles;
use serde::Serialize;

use crate::data::Results;
use crate::data::adaptive::ADAPTIVE;
use crate::data::adaptive::costs::{Against, costs};
use crate::data::adaptive::gains::gains;
use crate::data::adaptive::targets::targets;
use crate::data::costs::contract_costs;
use crate::data::interval::Interval;
use crate::data::rows;
use crate::data::scenarios::scenarios;
use crate::data::target::Target;
use crate::output::csv::{Table, number, optional};
use crate::output::csv_rows::table_of;
use crate::output::{decision, timing_tables};

/// Every table, by file name; empty ones are left out.
pub(crate) fn tables(results: &Results) -> Result<Vec<(&'static str, Table)>, serde_json::Error> {
    let tables = [
        ("decision.csv", decision::csv(results)?),
        ("throughput.csv", timing_tables::throughput(results)?),
        ("capacity.csv", timing_tables::capacity(results)?),
        ("payload.csv", timing_tables::payload(results)?),
        ("startup.csv", timing_tables::startup(results)?),
        ("contract_cost.csv", contract_cost(results)?),
        ("contract_paired.csv", contract_paired(results)),
        ("efficiency_capacity.csv", efficiency_capacity(results)?),
        ("batching.csv", batching(results)),
        ("latency.csv", latency(results)),
        ("measures.csv", measures(results)),
        ("worker_items.csv", worker_items(results)),
        ("overview.csv", overview(results)),
    ];
    Ok(tables
        .into_iter()
        .filter(|(_, table)| !table.is_empty())
        .collect())
}

#[derive(Serialize)]
struct ContractCostRow<'a> {
    workload: &'a str,
    engine: &'static str,
    reference: &'static str,
    workers: usize,
    engine_nanos_per_item: f64,
    engine_nanos_per_item_low: f64,
    engine_nanos_per_item_high: f64,
    reference_nanos_per_item: f64,
    reference_nanos_per_item_low: f64,
    reference_nanos_per_item_high: f64,
    ratio: f64,
    ratio_low: f64,
    ratio_high: f64,
}

/// Each engine over its reference from criterion's medians; the ratio's interval pairs
/// each median's extreme against the other's, so it covers both spreads.
fn contract_cost(results: &Results) -> Result<Table, serde_json::Error> {
    let costs = contract_costs(results);
    let lines: Vec<ContractCostRow<'_>> = costs
        .iter()
        .map(|cost| ContractCostRow {
            workload: &cost.workload,
            engine: cost.engine,
            reference: cost.reference,
            workers: cost.workers,
            engine_nanos_per_item: cost.engine_nanos_per_item.value,
            engine_nanos_per_item_low: cost.engine_nanos_per_item.low,
            engine_nanos_per_item_high: cost.engine_nanos_per_item.high,
            reference_nanos_per_item: cost.reference_nanos_per_item.value,
            reference_nanos_per_item_low: cost.reference_nanos_per_item.low,
            reference_nanos_per_item_high: cost.reference_nanos_per_item.high,
            ratio: cost.ratio(),
            ratio_low: cost.ratio_interval.low,
            ratio_high: cost.ratio_interval.high,
        })
        .collect();
    table_of(&lines)
}

#[derive(Serialize)]
struct EfficiencyCapacityRow<'a> {
    workload: &'a str,
    row: &'a str,
    kind: &'static str,
    workers: usize,
    capacity: usize,
    efficiency: f64,
    efficiency_low: Option<f64>,
    efficiency_high: Option<f64>,
}

/// Efficiency by capacity; the interval's ends are empty where the bench wrote none.
fn efficiency_capacity(results: &Results) -> Result<Table, serde_json::Error> {
    let lines: Vec<EfficiencyCapacityRow<'_>> = results
        .efficiency_by_capacity
        .iter()
        .map(|point| EfficiencyCapacityRow {
            workload: &point.workload,
            row: &point.row,
            kind: rows::kind_label(&point.row),
            workers: point.workers,
            capacity: point.capacity,
            efficiency: point.efficiency,
            efficiency_low: point.efficiency_low,
            efficiency_high: point.efficiency_high,
        })
        .collect();
    table_of(&lines)
}

fn contract_paired(results: &Results) -> Table {
    let mut table = Table::new(&[
        "workload",
        "engine",
        "reference",
        "workers",
        "pairs",
        "median_ratio",
        "ratio_95_low",
        "ratio_95_high",
        "engine_nanos_per_item",
        "reference_nanos_per_item",
    ]);
    for cost in &results.paired_costs {
        table.push(vec![
            cost.workload.clone(),
            cost.engine.to_owned(),
            cost.reference.to_owned(),
            cost.workers.to_string(),
            cost.pairs.to_string(),
            number(cost.median),
            number(cost.low),
            number(cost.high),
            optional(cost.engine_nanos_per_item),
            optional(cost.reference_nanos_per_item),
        ]);
    }
    table
}

/// The adaptive engine's figures, one per line: `target` lines with their threshold and
/// verdict, `gain` lines (throughput over another row's) and `cost` lines (time over
/// another row's). Only measured figures: the README names what is missing.
fn batching(results: &Results) -> Table {
    let mut table = Table::new(&[
        "part",
        "measure",
        "engine",
        "workload",
        "workers",
        "against",
        "value",
        "value_95_low",
        "value_95_high",
        "target",
        "verdict",
    ]);
    let mut push = |part: &str,
                    measure: &str,
                    workload: &str,
                    workers: Option<usize>,
                    against: &str,
                    figure: Interval,
                    judged: Option<(Target, String)>| {
        let (target, verdict) = judged.map_or_else(Default::default, |(target, verdict)| {
            let threshold = number(target.threshold());
            match target {
                Target::AtLeast(_) => (format!(">= {threshold}"), verdict),
                Target::AtMost(_) => (format!("<= {threshold}"), verdict),
            }
        });
        table.push(vec![
            part.to_owned(),
            measure.to_owned(),
            ADAPTIVE.to_owned(),
            workload.to_owned(),
            workers.map_or_else(String::new, |workers| workers.to_string()),
            against.to_owned(),
            number(figure.value),
            number(figure.low),
            number(figure.high),
            target,
            verdict,
        ]);
    };
    for target in targets(results) {
        for part in &target.parts {
            push(
                "target",
                target.measure,
                &part.workload,
                part.workers,
                part.against.as_deref().unwrap_or_default(),
                part.figure,
                Some((target.target, part.verdict.to_string())),
            );
        }
    }
    for gain in gains(results).0 {
        let workers = Some(gain.workers);
        if let Some((engine, ratio)) = gain.over_best {
            push(
                "gain",
                "throughput over",
                &gain.workload,
                workers,
                engine,
                ratio,
                None,
            );
        }
        if let Some(ratio) = gain.over_rayon_par_iter {
            let against = rows::RAYON_PAR_ITER;
            push(
                "gain",
                "throughput over",
                &gain.workload,
                workers,
                against,
                ratio,
                None,
            );
        }
    }
    for cost in costs(results) {
        // The best per-item engine may be `crossbeam` itself: one line is enough.
        let best = cost
            .against_best
            .filter(|best| Some(best.engine) != cost.against_crossbeam.map(|c| c.engine));
        let against: [Option<Against>; 2] = [cost.against_crossbeam, best];
        for against in against.into_iter().flatten() {
            let measure = format!("{} time over", cost.what);
            push(
                "cost",
                &measure,
                "",
                None,
                against.engine,
                against.ratio,
                None,
            );
        }
    }
    table
}

fn latency(results: &Results) -> Table {
    let mut table = Table::new(&[
        "row",
        "kind",
        "workload",
        "workers",
        "capacity",
        "items",
        "pacing",
        "offered_items_per_second",
        "offered_load",
        "saturation_items_per_second",
        "p50_ns",
        "p90_ns",
        "p99_ns",
        "p999_ns",
        "max_ns",
    ]);
    for row in &results.latency {
        for run in &row.loops {
            let Percentiles {
                p50,
                p90,
                p99,
                p999,
                max,
            } = run.percentiles;
            let mut fields = vec![
                row.row.clone(),
                rows::kind_label(&row.row).to_owned(),
                row.workload.clone(),
                row.workers.to_string(),
                row.capacity.to_string(),
                row.items.to_string(),
                run.pacing.key(),
                optional(run.offered),
                optional(run.load),
                optional(row.saturation),
            ];
            fields.extend([p50, p90, p99, p999, max].map(|nanos| nanos.to_string()));
            table.push(fields);
        }
    }
    table
}

fn measures(results: &Results) -> Table {
    let mut table = Table::new(&[
        "workload",
        "row",
        "kind",
        "workers",
        "items",
        "items_per_second",
        "cpu_seconds_per_item",
        "peak_rss_bytes",
        "fairness_cv",
    ]);
    for row in &results.measures {
        table.push(vec![
            row.workload.clone(),
            row.row.clone(),
            rows::kind_label(&row.row).to_owned(),
            row.workers.to_string(),
            row.items.to_string(),
            optional(row.items_per_second),
            measured(row.cpu_seconds_per_item),
            measured(row.peak_rss),
            optional(row.fairness_cv),
        ]);
    }
    table
}

/// An informational measure that the platform may not provide (CPU time off Unix, peak
/// memory off Linux): `n/a` when it is missing, so that nobody reads an empty field as 0.
fn measured(value: Option<f64>) -> String {
    value.map_or_else(|| String::from("n/a"), number)
}

fn worker_items(results: &Results) -> Table {
    let mut table = Table::new(&["workload", "row", "worker", "items", "share"]);
    for row in &results.measures {
        for ((worker, items), (_, share)) in row.worker_items.iter().zip(row.shares()) {
            table.push(vec![
                row.workload.clone(),
                row.row.clone(),
                worker.to_string(),
                number(*items),
                number(share),
            ]);
        }
    }
    table
}

fn overview(results: &Results) -> Table {
    let mut table = Table::new(&[
        "scenario",
        "engine",
        "value",
        "value_low",
        "value_high",
        "unit",
        "relative_to_best",
    ]);
    for scenario in scenarios(results) {
        for &(engine, value) in &scenario.values {
            table.push(vec![
                scenario.name.clone(),
                engine.to_owned(),
                number(value.value),
                number(value.low),
                number(value.high),
                scenario.unit.to_owned(),
                optional(scenario.relative(engine)),
            ]);
        }
    }
    table
}
