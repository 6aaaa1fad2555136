//! `measures`: what criterion does not record, for every row at workers = cores: items per
//! worker and their spread (fairness), CPU seconds per item, and peak resident memory, on
//! noop, spin-10us and skewed. Writes `target/fanout/measures.jsonl`, without the CPU time
//! or the peak memory where the platform cannot measure them (CPU time off Unix, peak
//! memory off Linux), so that the tables say "n/a" rather than a 0 that reads as measured.

use std::time::Duration;

use fanout_benches::{checked, config, items, quick, records_dir, rows, selected};
use fanout_harness::measure::coefficient_of_variation;
use fanout_harness::{Subject, Trial, Workload, logical_cores, write_json_lines};

fn main() {
    if !selected("measures") {
        return;
    }
    let workers = logical_cores();
    let runs = if quick() { 1 } else { 5 };
    let mut records = Vec::new();
    for name in ["noop", "spin-10us", "skewed"] {
        let workload: Workload = name.parse().expect("a workload");
        let items = items(workload);
        for row in rows() {
            let workers = if row.uses_workers() { workers } else { 1 };
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
            let mut per_worker = vec![0u64; workers];
            let mut wall = Duration::ZERO;
            // Each stays known only while every run measured it.
            let (mut cpu, mut peak) = (Some(Duration::ZERO), Some(0u64));
            for _ in 0..runs {
                let run = checked(trial.throughput(items), row.name, workload);
                wall += run.elapsed;
                cpu = cpu.zip(run.cpu).map(|(total, run)| total + run);
                peak = peak.zip(run.peak_rss).map(|(most, run)| most.max(run));
                for (total, count) in per_worker.iter_mut().zip(&run.per_worker) {
                    *total += count;
                }
            }
            let all_items = (items * runs) as f64;
            records.push(subject.record(
                "items_per_second",
                all_items / wall.as_secs_f64(),
                "items/s",
            ));
            if let Some(cpu) = cpu {
                records.push(subject.record(
                    "cpu_seconds_per_item",
                    cpu.as_secs_f64() / all_items,
                    "s",
                ));
            }
            if let Some(peak) = peak {
                records.push(subject.record("peak_rss", peak as f64, "bytes"));
            }
            records.push(subject.record(
                "fairness_cv",
                coefficient_of_variation(&per_worker),
                "ratio",
            ));
            for (index, &count) in per_worker.iter().enumerate() {
                let mut record =
                    subject.record("worker_items", count as f64 / runs as f64, "items");
                record.worker = Some(index + 1);
                records.push(record);
            }
        }
        println!("measures: {workload} done");
    }
    let path = records_dir().join("measures.jsonl");
    write_json_lines(&path, &records)
        .unwrap_or_else(|error| panic!("could not write {}: {error}", path.display()));
    println!("records written to {}", path.display());
}
