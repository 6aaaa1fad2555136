//! `scoped`: what a scoped run (`run_in`, inside a `std::thread::scope`) costs each blocking
//! engine against its `run`, at workers = cores, on noop (the cost of the run itself) and
//! spin-10us (short CPU items), timed in pairs: each engine's scoped row and its plain row
//! alternately, the median of the per-pair ratios with its 95% interval. Engines that
//! start threads at each run run their own algorithm in the scope; those that keep threads
//! (`tokio`, `rayon`, `adaptive`) fall back to scoped threads, and this says what that
//! costs. Writes `target/fanout/scoped.jsonl`.

use std::time::Duration;

use fanout_benches::{config, items, quick, records_dir, selected, time_pairs};
use fanout_harness::rows::{Row, RowKind, rows};
use fanout_harness::{Record, Subject, Trial, Workload, logical_cores, write_json_lines};

/// The workloads asked about: the run's own cost, and short CPU items.
const WORKLOADS: [Workload; 2] = [Workload::Noop, Workload::Spin(Duration::from_micros(10))];

/// How long each comparison's pairs may take at most.
fn budget() -> Duration {
    Duration::from_secs_f64(if quick() { 1.0 } else { 15.0 })
}

fn main() {
    // `cargo bench --bench scoped -- adaptive` measures one engine.
    let workers = logical_cores();
    println!(
        "scoped: run_in time / run time, {workers} workers, median and its 95% confidence \
         interval"
    );
    println!(
        "{:<14} {:<10} {:>7} {:>8} {:>8} {:>8}",
        "engine", "workload", "pairs", "low", "median", "high"
    );
    let mut records = Vec::new();
    for engine in rows().filter(|row| row.kind == RowKind::Engine && !row.is_async()) {
        for workload in WORKLOADS {
            if selected(&format!("scoped/{}/{workload}", engine.name)) {
                records.extend(measure(engine, workload, workers));
            }
        }
    }
    if records.is_empty() {
        return;
    }
    let path = records_dir().join("scoped.jsonl");
    write_json_lines(&path, &records)
        .unwrap_or_else(|error| panic!("could not write {}: {error}", path.display()));
    println!("records written to {}", path.display());
}

/// Times `engine`'s scoped and plain runs alternately and returns the records: each
/// form's median ns per item, and the scoped run's paired ratio.
fn measure(engine: Row, workload: Workload, workers: usize) -> Vec<Record> {
    let shape = config(workers, None);
    let items = items(workload);
    let build = |scoped: bool| {
        let made = if scoped {
            Trial::scoped(engine.name, workload, shape.clone())
        } else {
            Trial::new(engine.name, workload, shape.clone())
        };
        made.expect("a registered engine")
    };
    let paired = time_pairs(|| build(true), || build(false), items, budget());
    let ratio = paired.ratio;
    println!(
        "{:<14} {:<10} {:>7} {:>7.2}x {:>7.2}x {:>7.2}x",
        engine.name,
        workload.to_string(),
        ratio.pairs,
        ratio.low,
        ratio.median,
        ratio.high
    );
    let subject = Subject {
        engine: engine.name.to_owned(),
        workload: workload.to_string(),
        workers,
        capacity: shape.capacity,
        payload: workload.payload_bytes(),
        items,
    };
    vec![
        subject.record("scoped_nanos_per_item", paired.first_nanos_per_item, "ns"),
        subject.record("nanos_per_item", paired.second_nanos_per_item, "ns"),
        subject.record("scoped_cost", ratio.median, "ratio"),
        subject.record("scoped_cost_low", ratio.low, "ratio"),
        subject.record("scoped_cost_high", ratio.high, "ratio"),
        subject.record("scoped_cost_pairs", ratio.pairs as f64, "pairs"),
    ]
}
