//! `efficiency-capacity`: efficiency by queue capacity, or how deep the queues must be for
//! the workers to keep the cores busy.
//! Every streaming row on spin-10us at workers = cores, over queue capacities from the
//! default (2 x workers) up to 256, with its speed-up over `sequential` (measured in the
//! same process) and its efficiency, speed-up / min(workers, cores), each from the median
//! run with `_low` and `_high` from the runs' quartiles (against `sequential`'s median).
//! Writes `target/fanout/efficiency_capacity.jsonl` and prints a table.

use std::time::Duration;

use fanout_benches::{
    checked, config, items, median, quick, records_dir, records_with_spread, rows, selected, spread,
};
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
    let timings = |row: Row, capacity: usize| {
        let shape = config(if row.uses_workers() { workers } else { 1 }, Some(capacity));
        let mut trial = Trial::new(row.name, workload, shape).expect("a registered row");
        // One run to warm caches, pools and the allocator; not counted.
        checked(trial.throughput(items), row.name, workload);
        (0..runs)
            .map(|_| checked(trial.throughput(items), row.name, workload).elapsed)
            .collect::<Vec<Duration>>()
    };
    // A figure of each run, as the median and the quartiles of the runs.
    let figure = |times: &[Duration], of: &dyn Fn(Duration) -> f64| {
        let values: Vec<f64> = times.iter().map(|&time| of(time)).collect();
        spread(&values).expect("at least one run")
    };

    let sequential_row = Row::named(SEQUENTIAL).expect("sequential is a row");
    let default_capacity = config(workers, None).capacity;
    let rate = |elapsed: Duration| items as f64 / elapsed.as_secs_f64();
    let sequential_times = timings(sequential_row, default_capacity);
    let sequential = median(&sequential_times).expect("at least one run");
    let mut records = records_with_spread(
        &subject(sequential_row, default_capacity),
        "items_per_second",
        figure(&sequential_times, &rate),
        "items/s",
    )
    .to_vec();
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
            let times = timings(row, capacity);
            let scaling =
                |elapsed: Duration| Scaling::of(sequential, elapsed, workers, workers, ideal);
            let efficiency = figure(&times, &|time| scaling(time).efficiency);
            let subject = subject(row, capacity);
            let figures = [
                ("items_per_second", figure(&times, &rate), "items/s"),
                (
                    "speed_up",
                    figure(&times, &|time| scaling(time).speed_up),
                    "ratio",
                ),
                ("efficiency", efficiency, "ratio"),
            ];
            for (metric, figure, unit) in figures {
                records.extend(records_with_spread(&subject, metric, figure, unit));
            }
            print!(" {:>8.2}", efficiency.0);
        }
        println!();
    }
    let path = records_dir().join("efficiency_capacity.jsonl");
    write_json_lines(&path, &records)
        .unwrap_or_else(|error| panic!("could not write {}: {error}", path.display()));
    println!("records written to {}", path.display());
}
