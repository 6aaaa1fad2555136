//! `measures`: what criterion does not record, for every row at workers = cores: items per
//! worker and their spread (fairness), CPU seconds per item, and peak resident memory, on
//! noop, spin-10us and skewed. Writes `target/fanout/measures.jsonl`, without the CPU time
//! or the peak memory where the platform cannot measure them (CPU time off Unix, peak
//! memory off Linux), so that the tables say "n/a" rather than a 0 that reads as measured.
//!
//! Then every engine's peak memory on an endless input of 1 KiB items, after two numbers
//! of results: an engine whose memory is bounded by its in-flight bound, never by the
//! input's length, has the same peak after ten times the results (`peak_rss_endless`).

use std::time::Duration;

use fanout_benches::{checked, config, items, quick, records_dir, rows, selected};
use fanout_core::{FanConfig, FanOutFanIn};
use fanout_harness::measure::coefficient_of_variation;
use fanout_harness::measure::{peak_rss_bytes, reset_peak_rss};
use fanout_harness::rows::{ENGINE_NAMES, EngineVisitor, visit_engine};
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
    records.extend(endless_input_peaks(workers));
    let path = records_dir().join("measures.jsonl");
    write_json_lines(&path, &records)
        .unwrap_or_else(|error| panic!("could not write {}: {error}", path.display()));
    println!("records written to {}", path.display());
}

/// Every engine's peak resident memory after taking `results` results from an endless
/// input of 1 KiB items, for two numbers of results ten times apart.
fn endless_input_peaks(workers: usize) -> Vec<fanout_harness::Record> {
    let counts: [usize; 2] = if quick() {
        [5_000, 50_000]
    } else {
        [50_000, 500_000]
    };
    let mut records = Vec::new();
    for &engine in ENGINE_NAMES {
        let shape = config(workers, None);
        for results in counts {
            let measure = EndlessPeak {
                config: shape.clone(),
                results,
            };
            let Some((peak, bound)) = visit_engine(engine, measure).flatten() else {
                continue;
            };
            let subject = Subject {
                engine: engine.to_owned(),
                workload: "endless-1KiB".to_owned(),
                workers,
                capacity: shape.capacity,
                payload: 1024,
                items: results,
            };
            records.push(subject.record("peak_rss_endless", peak as f64, "bytes"));
            records.push(subject.record("in_flight_bound", bound as f64, "items"));
        }
    }
    println!("measures: endless input done");
    records
}

/// Takes `results` results of an endless input on a new engine, then drops the run; the
/// peak resident memory meanwhile, where the platform measures it, and the engine's
/// in-flight bound in items.
struct EndlessPeak {
    config: FanConfig,
    results: usize,
}

impl EngineVisitor for EndlessPeak {
    type Output = Option<(u64, usize)>;

    fn visit<E: FanOutFanIn + 'static>(self) -> Option<(u64, usize)> {
        let engine = E::new(self.config);
        let endless = (0u64..).map(|n| vec![n as u8; 1024]);
        let tracks = reset_peak_rss();
        let taken = engine
            .run(endless, |_, block: Vec<u8>| {
                std::hint::black_box(block).len()
            })
            .take(self.results)
            .count();
        assert_eq!(taken, self.results);
        let peak = tracks.then(peak_rss_bytes).flatten()?;
        Some((peak, engine.in_flight_bound()))
    }
}
