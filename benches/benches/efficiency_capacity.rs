//! `efficiency-capacity`: efficiency by queue capacity, or how deep the queues must be for
//! the workers to keep the cores busy.
//! Every streaming row on spin-10us at workers = cores, over queue capacities from the
//! default (2 x workers) up to 256, with its speed-up over `sequential` (measured in the
//! same process) and its efficiency, speed-up / min(workers, cores). Writes
//! `target/fanout/efficiency_capacity.jsonl` and prints a table.

use std::time::Duration;

use fanout_benches::{checked, config, items, median, quick, records_dir, rows, selected};
use fanout_harness::measure::{Ideal, Scaling};
use fanout_harness::rows::{Row, RowKind, SEQUENTIAL};
use fanout_harness::{Subject, Trial, Workload, logical_cores, write_json_lines};

/// Work per item long enough that a hand-off is cheap beside it, short enough that the
/// hand-offs still show: the workload of the efficiency target (0.9 at workers = cores).
const WORKLOAD: &str = "spin-10us";

/// The deeper queues tried beside the default.
const CAPACITIES: [usize; 3] = [16, 64, 256];

fn main() {
    if !selected("efficiency-capacity") {
        return;
    }
    let workload: Workload = WORKLOAD.parse().expect("a workload");
    let items = items(workload);
    let ideal = Ideal::of(workload);
    let workers = logical_cores();
    let runs = if quick() { 3 } else { 15 };
    let subject = |row: Row, capacity: usize| Subject {
        engine: row.name.to_owned(),
        workload: workload.to_string(),
        workers: if row.uses_workers() { workers } else { 1 },
        capacity,
        payload: workload.payload_bytes(),
        items,
    };
    let median_time = |row: Row, capacity: usize| {
        let shape = config(if row.uses_workers() { workers } else { 1 }, Some(capacity));
        let mut trial = Trial::new(row.name, workload, shape).expect("a registered row");
        // One run to warm caches, pools and the allocator; not counted.
        checked(trial.throughput(items), row.name, workload);
        let times: Vec<Duration> = (0..runs)
            .map(|_| checked(trial.throughput(items), row.name, workload).elapsed)
            .collect();
        median(&times).expect("at least one run")
    };

    let sequential_row = Row::named(SEQUENTIAL).expect("sequential is a row");
    let default_capacity = config(workers, None).capacity;
    let sequential = median_time(sequential_row, default_capacity);
    let mut records = vec![subject(sequential_row, default_capacity).record(
        "items_per_second",
        items as f64 / sequential.as_secs_f64(),
        "items/s",
    )];
    let mut capacities = vec![default_capacity];
    capacities.extend(
        CAPACITIES
            .iter()
            .filter(|&&capacity| capacity > default_capacity),
    );

    println!("efficiency by capacity: {workload}, {items} items, {workers} workers");
    print!("{:<22}", "row");
    for capacity in &capacities {
        print!(" {:>8}", format!("c={capacity}"));
    }
    println!();
    let streaming = rows().filter(|row| matches!(row.kind, RowKind::Engine | RowKind::Reference));
    for row in streaming {
        print!("{:<22}", row.name);
        for &capacity in &capacities {
            let elapsed = median_time(row, capacity);
            let scaling = Scaling::of(sequential, elapsed, workers, workers, ideal);
            let subject = subject(row, capacity);
            records.push(subject.record(
                "items_per_second",
                items as f64 / elapsed.as_secs_f64(),
                "items/s",
            ));
            records.push(subject.record("speed_up", scaling.speed_up, "ratio"));
            records.push(subject.record("efficiency", scaling.efficiency, "ratio"));
            print!(" {:>8.2}", scaling.efficiency);
        }
        println!();
    }
    let path = records_dir().join("efficiency_capacity.jsonl");
    write_json_lines(&path, &records)
        .unwrap_or_else(|error| panic!("could not write {}: {error}", path.display()));
    println!("records written to {}", path.display());
}
