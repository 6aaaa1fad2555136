//! `go`: the seed in Go against its Rust ports, timed paired: `go-seed` (the seed's
//! `RunFan` as written, unbuffered) and `go-pool` (the idiomatic pool, unbuffered) each
//! against `seed-layout` (the seed's topology on std's channels), `crossbeam` (the
//! best-known per-item engine) and `adaptive` (batches), every Rust row at its default
//! capacity, on every throughput workload at workers = cores. A Go run and a Rust run
//! alternate in one process, the ratio is taken within each pair, and its median comes
//! with its 95% interval: the machine's drift cancels, as in the `contract` bench.
//!
//! Writes `target/fanout/go.jsonl`: on the Go row's subject, per Rust row, its time per
//! item over the Rust row's (`time_over:<row>`, with `_low` and `_high`), the pairs
//! (`pairs:<row>`), and both rows' median time per item (`nanos_per_item:<row>` for Go's,
//! `other_nanos_per_item:<row>` for the Rust row's). Where `go` is not on PATH it says
//! how to install it and writes nothing.

use std::time::Duration;

use fanout_benches::{
    config, go_program, go_trial, items, quick, records_dir, selected, time_pairs,
};
use fanout_harness::go::{COMPARED_GO_ROWS, GoProgram, GoRow, SEED_CAPACITY};
use fanout_harness::rows::SEED_LAYOUT;
use fanout_harness::{Record, Subject, Trial, Workload, logical_cores, write_json_lines};

/// The Rust rows each Go row is paired with: the seed's port, the best-known per-item
/// engine, and the engine that hands off batches.
const RUST_ROWS: [&str; 3] = [SEED_LAYOUT, "crossbeam", "adaptive"];

/// How long one comparison's pairs may take at most.
fn budget() -> Duration {
    Duration::from_secs_f64(if quick() { 1.0 } else { 6.0 })
}

fn main() {
    // `cargo bench --bench go -- noop` measures one workload.
    let workloads: Vec<Workload> = Workload::THROUGHPUT_SET
        .into_iter()
        .filter(|workload| selected(&format!("go/{workload}")))
        .collect();
    if workloads.is_empty() {
        return;
    }
    let Some(program) = go_program() else {
        return;
    };
    let workers = logical_cores();
    println!(
        "go: the Go row's time per item over the Rust row's, {workers} workers, median and its \
         95% confidence interval"
    );
    let mut records = Vec::new();
    for workload in workloads {
        for go_row in COMPARED_GO_ROWS {
            for rust_row in RUST_ROWS {
                records.extend(compare(&program, go_row, rust_row, workload, workers));
            }
        }
    }
    let path = records_dir().join("go.jsonl");
    write_json_lines(&path, &records)
        .unwrap_or_else(|error| panic!("could not write {}: {error}", path.display()));
    println!("records written to {}", path.display());
}

/// Times `go_row` against `rust_row` on `workload` and returns the records.
fn compare(
    program: &GoProgram,
    go_row: GoRow,
    rust_row: &str,
    workload: Workload,
    workers: usize,
) -> Vec<Record> {
    let items = items(workload);
    let go_shape = config(workers, Some(SEED_CAPACITY));
    let paired = time_pairs(
        || go_trial(program, go_row, workload, go_shape.clone()),
        || Trial::new(rust_row, workload, config(workers, None)).expect("a registered row"),
        items,
        budget(),
    );
    let ratio = paired.ratio;
    println!(
        "{:<8} {:<12} over {:<12} {:>6} pairs {:>9.3}x ({:.3}x to {:.3}x)  {:>10.0} ns against {:>10.0} ns",
        go_row.name,
        workload,
        rust_row,
        ratio.pairs,
        ratio.median,
        ratio.low,
        ratio.high,
        paired.first_nanos_per_item,
        paired.second_nanos_per_item
    );
    let subject = Subject {
        engine: go_row.name.to_owned(),
        workload: workload.to_string(),
        workers,
        capacity: go_shape.capacity,
        payload: workload.payload_bytes(),
        items,
    };
    let metric = |name: &str| format!("{name}:{rust_row}");
    vec![
        subject.record(&metric("time_over"), ratio.median, "ratio"),
        subject.record(&metric("time_over_low"), ratio.low, "ratio"),
        subject.record(&metric("time_over_high"), ratio.high, "ratio"),
        subject.record(&metric("pairs"), ratio.pairs as f64, "pairs"),
        subject.record(&metric("nanos_per_item"), paired.first_nanos_per_item, "ns"),
        subject.record(
            &metric("other_nanos_per_item"),
            paired.second_nanos_per_item,
            "ns",
        ),
    ]
}
