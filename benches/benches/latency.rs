//! `latency`: per-item latency percentiles on spin-10us at workers = cores, in a closed
//! loop and in open loops paced at fractions of the row's own throughput, measured just
//! before, from a tenth to past saturation, so the knee of each row's curve shows.
//! Writes `target/fanout/latency.jsonl` and prints a summary.

use fanout_benches::{checked, config, median, quick, records_dir, rows, selected};
use fanout_harness::measure::Percentiles;
use fanout_harness::{Pacing, Record, Subject, Trial, Workload, logical_cores, write_json_lines};

/// The loads of the open-loop runs, as fractions of the row's measured throughput: five
/// below saturation to draw the curve, one past it to show where it bends.
const LOADS: [f64; 6] = [0.1, 0.3, 0.5, 0.7, 0.9, 1.1];

fn main() {
    if !selected("latency") {
        return;
    }
    let workload: Workload = "spin-10us".parse().expect("a workload");
    let workers = logical_cores();
    let items = if quick() { 2_000 } else { 10_000 };
    let mut records = Vec::new();
    println!("latency: {workload}, {items} items, {workers} workers (ns)");
    println!(
        "{:<34} {:>10} {:>10} {:>10} {:>10} {:>10}",
        "row / loop", "p50", "p90", "p99", "p99.9", "max"
    );
    for row in rows().filter(|row| row.uses_workers()) {
        let shape = config(workers, None);
        let subject = Subject {
            engine: row.name.to_owned(),
            workload: workload.to_string(),
            workers,
            capacity: shape.capacity,
            payload: workload.payload_bytes(),
            items,
        };
        let mut trial = Trial::new(row.name, workload, shape).expect("a registered row");
        let elapsed: Vec<_> = (0..3)
            .map(|_| checked(trial.throughput(items), row.name, workload).elapsed)
            .collect();
        let capacity_per_second =
            items as f64 / median(&elapsed).expect("runs were timed").as_secs_f64();
        records.push(subject.record("throughput_before_latency", capacity_per_second, "items/s"));

        let closed = checked(trial.latency(items, Pacing::ClosedLoop), row.name, workload);
        report(
            &mut records,
            &subject,
            "closed_loop",
            closed.latency.percentiles(),
            row.name,
        );
        for load in LOADS {
            let per_second = capacity_per_second * load;
            let pacing = Pacing::OpenLoop { per_second };
            let open = checked(trial.latency(items, pacing), row.name, workload);
            let name = format!("open_loop_{:.0}", load * 100.0);
            records.push(subject.record(&format!("{name}_offered"), per_second, "items/s"));
            records.push(subject.record(&format!("{name}_load"), load, "x throughput"));
            report(
                &mut records,
                &subject,
                &name,
                open.latency.percentiles(),
                row.name,
            );
        }
    }
    let path = records_dir().join("latency.jsonl");
    write_json_lines(&path, &records)
        .unwrap_or_else(|error| panic!("could not write {}: {error}", path.display()));
    println!("records written to {}", path.display());
}

/// Adds the percentiles as records `<loop>_latency_p50` ... and prints them.
fn report(records: &mut Vec<Record>, subject: &Subject, pacing: &str, p: Percentiles, row: &str) {
    let figures = [
        ("p50", p.p50),
        ("p90", p.p90),
        ("p99", p.p99),
        ("p999", p.p999),
        ("max", p.max),
    ];
    for (name, value) in figures {
        records.push(subject.record(&format!("{pacing}_latency_{name}"), value as f64, "ns"));
    }
    println!(
        "{:<34} {:>10} {:>10} {:>10} {:>10} {:>10}",
        format!("{row} {pacing}"),
        p.p50,
        p.p90,
        p.p99,
        p.p999,
        p.max
    );
}
