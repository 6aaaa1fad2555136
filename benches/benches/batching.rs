//! `batching`: what handing off batches buys, timed paired at workers = cores with every
//! engine's default configuration. Each batching engine against the best-known per-item
//! engine (`crossbeam`) and the batch ideal (`rayon-par-iter`) on noop, and against
//! `sequential` on spin-1us, spin-10us and skewed for its efficiency. Writes
//! `target/fanout/batching.jsonl`: per comparison, how many times the other row's time
//! per item the engine's is (`time_over:<row>`, with `_low` and `_high`, the 95% interval of
//! the paired median), and on the work workloads its efficiency with its interval.

use std::time::Duration;

use fanout_benches::{config, items, quick, records_dir, rows, selected, time_paired};
use fanout_harness::measure::Ideal;
use fanout_harness::rows::{RAYON_PAR_ITER, Row, SEQUENTIAL};
use fanout_harness::{Record, Subject, Workload, logical_cores, write_json_lines};

/// The engines measured here: those that hand items off in batches.
const BATCHING: [&str; 1] = ["adaptive"];

/// The per-item engine each is held against on noop.
const PER_ITEM: &str = "crossbeam";

/// How long one comparison's pairs may take at most.
fn budget() -> Duration {
    Duration::from_secs_f64(if quick() { 1.0 } else { 15.0 })
}

fn main() {
    let engines: Vec<Row> = rows()
        .filter(|row| BATCHING.contains(&row.name) && selected(&format!("batching/{}", row.name)))
        .collect();
    if engines.is_empty() {
        return;
    }
    let workers = logical_cores();
    let row = |name: &str| Row::named(name).expect("a registered row");
    println!(
        "batching: the engine's time per item over the other row's, {workers} workers, \
         median and its 95% confidence interval"
    );
    let mut records = Vec::new();
    for engine in engines {
        for (workload, other) in [
            ("noop", PER_ITEM),
            ("noop", RAYON_PAR_ITER),
            ("spin-1us", SEQUENTIAL),
            ("spin-10us", SEQUENTIAL),
            ("skewed", SEQUENTIAL),
        ] {
            let workload: Workload = workload.parse().expect("a workload");
            records.extend(compare(engine, row(other), workload, workers));
        }
    }
    let path = records_dir().join("batching.jsonl");
    write_json_lines(&path, &records)
        .unwrap_or_else(|error| panic!("could not write {}: {error}", path.display()));
    println!("records written to {}", path.display());
}

/// Times `engine` against `other` on `workload` and returns the records.
fn compare(engine: Row, other: Row, workload: Workload, workers: usize) -> Vec<Record> {
    let shape = config(workers, None);
    let items = items(workload);
    // `sequential` is one worker whatever the shape; both rows get the same items.
    let paired = time_paired(engine, other, workload, &shape, items, budget());
    let ratio = paired.ratio;
    let subject = Subject {
        engine: engine.name.to_owned(),
        workload: workload.to_string(),
        workers,
        capacity: shape.capacity,
        payload: workload.payload_bytes(),
        items,
    };
    println!(
        "{:<10} {:<10} over {:<15} {:>6} pairs {:>8.3}x ({:.3}x to {:.3}x)",
        engine.name, workload, other.name, ratio.pairs, ratio.median, ratio.low, ratio.high
    );
    let metric = |name: &str| format!("{name}:{}", other.name);
    let mut records = vec![
        subject.record(&metric("time_over"), ratio.median, "ratio"),
        subject.record(&metric("time_over_low"), ratio.low, "ratio"),
        subject.record(&metric("time_over_high"), ratio.high, "ratio"),
        subject.record(&metric("pairs"), ratio.pairs as f64, "pairs"),
        subject.record("nanos_per_item", paired.first_nanos_per_item, "ns"),
    ];
    if other.name == SEQUENTIAL {
        // Speed-up is sequential's time over the engine's; efficiency spreads it over the
        // workload's ideal parallelism. A larger time ratio is a smaller efficiency.
        let usable = Ideal::of(workload).parallelism(workers, logical_cores()) as f64;
        let efficiency = |time_over: f64| 1.0 / time_over / usable;
        records.push(subject.record("efficiency", efficiency(ratio.median), "ratio"));
        records.push(subject.record("efficiency_low", efficiency(ratio.high), "ratio"));
        records.push(subject.record("efficiency_high", efficiency(ratio.low), "ratio"));
    }
    records
}
