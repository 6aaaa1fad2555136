//! The data as CSV: one table per bench question, every figure the charts and the README
//! use, with the row's kind beside its name.

use fanout_harness::measure::Percentiles;

use crate::data::Results;
use crate::data::adaptive::ADAPTIVE;
use crate::data::adaptive::costs::{Against, costs};
use crate::data::adaptive::gains::gains;
use crate::data::adaptive::targets::targets;
use crate::data::costs::contract_costs;
use crate::data::group::{self, Group};
use crate::data::interval::Interval;
use crate::data::rows;
use crate::data::scenarios::scenarios;
use crate::data::target::Target;
use crate::output::csv::{Table, number, optional};
use crate::output::decision;

/// Every table, by file name; empty ones are left out.
pub(crate) fn tables(results: &Results) -> Result<Vec<(&'static str, Table)>, serde_json::Error> {
    let tables = [
        ("decision.csv", decision::csv(results)?),
        ("throughput.csv", throughput(results)),
        ("capacity.csv", capacity(results)),
        ("payload.csv", payload(results)),
        ("startup.csv", startup(results)),
        ("contract_cost.csv", contract_cost(results)),
        ("contract_paired.csv", contract_paired(results)),
        ("efficiency_capacity.csv", efficiency_capacity(results)),
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

fn throughput(results: &Results) -> Table {
    let mut table = Table::new(&[
        "workload",
        "row",
        "kind",
        "workers",
        "items",
        "nanos_per_run",
        "items_per_second",
        "nanos_per_item",
        "speed_up",
        "efficiency",
        "efficiency_ideal",
    ]);
    for workload in results.workloads() {
        let ideal = results.ideal(&Group::Throughput(workload.clone()));
        for timing in results.in_group(&Group::Throughput(workload.clone())) {
            let scaling = results.scaling(timing);
            table.push(vec![
                workload.clone(),
                timing.row.clone(),
                rows::kind_label(&timing.row).to_owned(),
                timing.workers.to_string(),
                timing.items.to_string(),
                number(timing.nanos),
                number(timing.items_per_second()),
                number(timing.nanos_per_item()),
                optional(scaling.map(|scaling| scaling.speed_up)),
                optional(scaling.map(|scaling| scaling.efficiency)),
                ideal.key().to_owned(),
            ]);
        }
    }
    table
}

fn capacity(results: &Results) -> Table {
    let mut table = Table::new(&[
        "capacity",
        "row",
        "kind",
        "workers",
        "items",
        "nanos_per_run",
        "items_per_second",
    ]);
    for capacity in results.capacities() {
        for timing in results.in_group(&Group::Capacity(capacity)) {
            table.push(vec![
                capacity.to_string(),
                timing.row.clone(),
                rows::kind_label(&timing.row).to_owned(),
                timing.workers.to_string(),
                timing.items.to_string(),
                number(timing.nanos),
                number(timing.items_per_second()),
            ]);
        }
    }
    table
}

fn payload(results: &Results) -> Table {
    let mut table = Table::new(&[
        "payload",
        "payload_bytes",
        "row",
        "kind",
        "workers",
        "items",
        "nanos_per_run",
        "items_per_second",
    ]);
    for payload in results.payloads() {
        let bytes = group::payload_bytes(&payload).map(|bytes| bytes.to_string());
        for timing in results.in_group(&Group::Payload(payload.clone())) {
            table.push(vec![
                payload.clone(),
                bytes.clone().unwrap_or_default(),
                timing.row.clone(),
                rows::kind_label(&timing.row).to_owned(),
                timing.workers.to_string(),
                timing.items.to_string(),
                number(timing.nanos),
                number(timing.items_per_second()),
            ]);
        }
    }
    table
}

fn startup(results: &Results) -> Table {
    let mut table = Table::new(&["start", "row", "workers", "nanos_to_first_result"]);
    for start in results.startups() {
        for timing in results.in_group(&Group::Startup(start.clone())) {
            table.push(vec![
                start.clone(),
                timing.row.clone(),
                timing.workers.to_string(),
                number(timing.nanos),
            ]);
        }
    }
    table
}

fn contract_cost(results: &Results) -> Table {
    let mut table = Table::new(&[
        "workload",
        "engine",
        "reference",
        "workers",
        "engine_nanos_per_item",
        "reference_nanos_per_item",
        "ratio",
    ]);
    for cost in contract_costs(results) {
        table.push(vec![
            cost.workload.clone(),
            cost.engine.to_owned(),
            cost.reference.to_owned(),
            cost.workers.to_string(),
            number(cost.engine_nanos_per_item),
            number(cost.reference_nanos_per_item),
            number(cost.ratio()),
        ]);
    }
    table
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

fn efficiency_capacity(results: &Results) -> Table {
    let mut table = Table::new(&[
        "workload",
        "row",
        "kind",
        "workers",
        "capacity",
        "efficiency",
    ]);
    for point in &results.efficiency_by_capacity {
        table.push(vec![
            point.workload.clone(),
            point.row.clone(),
            rows::kind_label(&point.row).to_owned(),
            point.workers.to_string(),
            point.capacity.to_string(),
            number(point.efficiency),
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
