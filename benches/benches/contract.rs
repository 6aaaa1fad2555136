//! `contract`: what the contract costs each engine on noop at workers = cores (each async
//! engine on async-noop, a future ready at its first poll), timed paired. Each engine and the `*-reference` loop on its primitive run alternately,
//! engine first in one pair and reference first in the next, and the cost is the median of
//! the per-pair ratios with its 95% confidence interval (see `fanout_harness::measure::PairedRatio`): drift in
//! the machine between two criterion benchmarks cancels here, and the interval says
//! whether the pairs were enough. Each engine's pairs go on until the interval is narrow
//! or a time budget is spent. Writes `target/fanout/contract.jsonl`.

use std::time::Duration;

use fanout_benches::{config, items, quick, records_dir, selected, time_paired};
use fanout_harness::rows::{Row, RowKind, rows};
use fanout_harness::{Record, Subject, Workload, logical_cores, write_json_lines};

/// The contract's own cost shows on items that cost nothing to work on: for blocking
/// engines `noop`, for async engines `async-noop`.
fn workload(engine: Row) -> Workload {
    if engine.is_async() {
        Workload::AsyncNoop
    } else {
        Workload::Noop
    }
}

/// How long each engine's pairs may take at most. Some rows' run times spread over a
/// factor of forty on a busy 2-core machine (rayon's, whose idle pool threads compete with
/// the consumer for the cores), and their interval needs many hundreds of pairs: 15 s
/// gave about 500 and an interval of about -10% to +20% around the median. The other
/// engines settle within seconds.
fn budget() -> Duration {
    Duration::from_secs_f64(if quick() { 1.0 } else { 40.0 })
}

fn main() {
    // `cargo bench --bench contract -- rayon` measures one engine.
    let engines: Vec<Row> = rows()
        .filter(|row| row.kind == RowKind::Engine && selected(&format!("contract/{}", row.name)))
        .collect();
    if engines.is_empty() {
        return;
    }
    let workers = logical_cores();
    println!(
        "contract: engine time / reference time per item, noop (async engines: async-noop), \
         {workers} workers, median and its 95% confidence interval"
    );
    println!(
        "{:<16} {:<26} {:>7} {:>8} {:>8} {:>8}",
        "engine", "reference", "pairs", "low", "median", "high"
    );
    let mut records = Vec::new();
    for engine in engines {
        if let Some(reference) = engine.reference() {
            let workload = workload(engine);
            let items = items(workload);
            records.extend(measure_pair(engine, reference, workload, workers, items));
        }
    }
    let path = records_dir().join("contract.jsonl");
    write_json_lines(&path, &records)
        .unwrap_or_else(|error| panic!("could not write {}: {error}", path.display()));
    println!("records written to {}", path.display());
}

/// Times `engine` and `reference` alternately and returns the records: each row's median
/// ns per item, and the engine's paired ratio.
fn measure_pair(
    engine: Row,
    reference: Row,
    workload: Workload,
    workers: usize,
    items: usize,
) -> Vec<Record> {
    let shape = config(workers, None);
    let capacity = shape.capacity;
    let paired = time_paired(engine, reference, workload, &shape, items, budget());
    let ratio = paired.ratio;
    println!(
        "{:<16} {:<26} {:>7} {:>7.2}x {:>7.2}x {:>7.2}x",
        engine.name, reference.name, ratio.pairs, ratio.low, ratio.median, ratio.high
    );

    let subject = |row: Row| Subject {
        engine: row.name.to_owned(),
        workload: workload.to_string(),
        workers,
        capacity,
        payload: workload.payload_bytes(),
        items,
    };
    let engine_subject = subject(engine);
    vec![
        engine_subject.record("nanos_per_item", paired.first_nanos_per_item, "ns"),
        subject(reference).record("nanos_per_item", paired.second_nanos_per_item, "ns"),
        engine_subject.record("contract_cost", ratio.median, "ratio"),
        engine_subject.record("contract_cost_low", ratio.low, "ratio"),
        engine_subject.record("contract_cost_high", ratio.high, "ratio"),
        engine_subject.record("contract_cost_pairs", ratio.pairs as f64, "pairs"),
    ]
}
