//! The data as CSV: one table per bench question, every figure the charts and the README
//! use, with the row's kind beside its name.

use fanout_harness::measure::Percentiles;
use serde::Serialize;

use crate::data::Results;
use crate::data::costs::contract_costs;
use crate::data::interval::Interval;
use crate::data::rows;
use crate::data::scenarios::scenarios;
use crate::output::csv::{Table, number};
use crate::output::csv_rows::{Ends, table_of};
use crate::output::{decision, timing_tables};

/// Every table, by file name; empty ones are left out.
pub(crate) fn tables(results: &Results) -> Result<Vec<(&'static str, Table)>, serde_json::Error> {
    let tables = [
        ("decision.csv", decision::csv(results)?),
        ("throughput.csv", timing_tables::throughput(results)?),
        ("capacity.csv", timing_tables::capacity(results)?),
        ("payload.csv", timing_tables::payload(results)?),
        ("startup.csv", timing_tables::startup(results)?),
        ("async.csv", timing_tables::asynchronous(results)?),
        ("distributed.csv", table_of(&results.distributed)?),
        ("contract_cost.csv", contract_cost(results)?),
        ("contract_paired.csv", table_of(&results.paired_costs)?),
        ("efficiency_capacity.csv", efficiency_capacity(results)?),
        ("latency.csv", latency(results)?),
        ("measures.csv", measures(results)?),
        ("worker_items.csv", worker_items(results)?),
        ("overview.csv", overview(results)?),
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
    #[serde(flatten)]
    engine_nanos_per_item: Ends,
    #[serde(flatten)]
    reference_nanos_per_item: Ends,
    #[serde(flatten)]
    ratio: Ends,
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
            engine_nanos_per_item: Ends("engine_nanos_per_item", Some(cost.engine_nanos_per_item)),
            reference_nanos_per_item: Ends(
                "reference_nanos_per_item",
                Some(cost.reference_nanos_per_item),
            ),
            ratio: Ends(
                "ratio",
                Some(Interval {
                    value: cost.ratio(),
                    ..cost.ratio_interval
                }),
            ),
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

#[derive(Serialize)]
struct LatencyLine<'a> {
    row: &'a str,
    kind: &'static str,
    workload: &'a str,
    workers: usize,
    capacity: usize,
    items: usize,
    pacing: String,
    offered_items_per_second: Option<f64>,
    offered_load: Option<f64>,
    saturation_items_per_second: Option<f64>,
    p50_ns: u64,
    p90_ns: u64,
    p99_ns: u64,
    p999_ns: u64,
    max_ns: u64,
}

fn latency(results: &Results) -> Result<Table, serde_json::Error> {
    let mut lines = Vec::new();
    for row in &results.latency {
        for run in &row.loops {
            let Percentiles {
                p50,
                p90,
                p99,
                p999,
                max,
            } = run.percentiles;
            lines.push(LatencyLine {
                row: &row.row,
                kind: rows::kind_label(&row.row),
                workload: &row.workload,
                workers: row.workers,
                capacity: row.capacity,
                items: row.items,
                pacing: run.pacing.key(),
                offered_items_per_second: run.offered,
                offered_load: run.load,
                saturation_items_per_second: row.saturation,
                p50_ns: p50,
                p90_ns: p90,
                p99_ns: p99,
                p999_ns: p999,
                max_ns: max,
            });
        }
    }
    table_of(&lines)
}

#[derive(Serialize)]
struct MeasuresLine<'a> {
    workload: &'a str,
    row: &'a str,
    kind: &'static str,
    workers: usize,
    items: usize,
    items_per_second: Option<f64>,
    cpu_seconds_per_item: String,
    peak_rss_bytes: String,
    fairness_cv: Option<f64>,
}

fn measures(results: &Results) -> Result<Table, serde_json::Error> {
    let lines: Vec<MeasuresLine<'_>> = results
        .measures
        .iter()
        .map(|row| MeasuresLine {
            workload: &row.workload,
            row: &row.row,
            kind: rows::kind_label(&row.row),
            workers: row.workers,
            items: row.items,
            items_per_second: row.items_per_second,
            cpu_seconds_per_item: measured(row.cpu_seconds_per_item),
            peak_rss_bytes: measured(row.peak_rss),
            fairness_cv: row.fairness_cv,
        })
        .collect();
    table_of(&lines)
}

/// An informational measure that the platform may not provide (CPU time off Unix, peak
/// memory off Linux): `n/a` when it is missing, so that nobody reads an empty field as 0.
fn measured(value: Option<f64>) -> String {
    value.map_or_else(|| String::from("n/a"), number)
}

#[derive(Serialize)]
struct WorkerItemsLine<'a> {
    workload: &'a str,
    row: &'a str,
    worker: usize,
    items: f64,
    share: f64,
}

fn worker_items(results: &Results) -> Result<Table, serde_json::Error> {
    let mut lines = Vec::new();
    for row in &results.measures {
        for (&(worker, items), (_, share)) in row.worker_items.iter().zip(row.shares()) {
            lines.push(WorkerItemsLine {
                workload: &row.workload,
                row: &row.row,
                worker,
                items,
                share,
            });
        }
    }
    table_of(&lines)
}

#[derive(Serialize)]
struct OverviewLine {
    scenario: String,
    engine: &'static str,
    value: f64,
    value_low: f64,
    value_high: f64,
    unit: &'static str,
    relative_to_best: Option<f64>,
}

fn overview(results: &Results) -> Result<Table, serde_json::Error> {
    let mut lines = Vec::new();
    for scenario in scenarios(results) {
        for &(engine, value) in &scenario.values {
            lines.push(OverviewLine {
                scenario: scenario.name.clone(),
                engine,
                value: value.value,
                value_low: value.low,
                value_high: value.high,
                unit: scenario.unit,
                relative_to_best: scenario.relative(engine),
            });
        }
    }
    table_of(&lines)
}
