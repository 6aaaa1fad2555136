//! `batching`: whether the adaptive engine is first at every capacity, timed in paired
//! rounds at workers = cores. On noop, seed, spin-1us, spin-10us, skewed and skewed-rare,
//! adaptive against every blocking engine at its default capacity and at 16, 64 and 256,
//! against `rayon-par-iter` and against `sequential` (its efficiency); at one worker
//! against `sequential` on every workload; on sleep-100us from 1 to 64 workers against the
//! thread engines; and, against `crossbeam` at its default, the closed-loop p99 on
//! spin-10us, the first result from a warm engine, and throughput on spin-10us with a
//! consumer that spends 5 us of its own on each result.
//!
//! Writes `target/fanout/batching.jsonl`: per comparison, how many times the other row's
//! figure adaptive's is (`time_over:<row>`, with `_low` and `_high`, the 95% interval of
//! the paired median; a row at another capacity is `<row>@<capacity>`, and a figure other
//! than throughput is named after the `@`), and against `sequential` its efficiency.
//! Then it judges adaptive's targets from those records
//! ([`batching_verdicts`](fanout_benches::batching_verdicts)), prints the page of verdicts
//! and writes it to `target/fanout/adaptive-targets.md`, which the report links.
//! Filters select comparisons by `batching/adaptive/<workload>/<label>`: `cargo bench
//! --bench batching -- sleep-100us/rayon` times those alone (the targets they leave out
//! read "not measured").

use std::time::Duration;

use fanout_benches::batching_plan::{
    ADAPTIVE, CAPACITIES, Figure, Label, PER_ITEM, PER_ITEM_WORKLOAD, SLEEP, SLEEP_ENGINES,
    SLEEP_WORKERS, WORK, other_engines,
};
use fanout_benches::{
    Timed, batching_verdicts, config, items, quick, records_dir, selected, time_pairs,
};
use fanout_harness::measure::Ideal;
use fanout_harness::rows::{RAYON_PAR_ITER, Row, SEQUENTIAL};
use fanout_harness::{Pacing, Record, Subject, Trial, Workload, logical_cores, write_json_lines};

/// What a consumer with work of its own spends on each result.
const CONSUMER_COST: Duration = Duration::from_micros(5);

/// How long one comparison's pairs may take at most.
fn budget() -> Duration {
    Duration::from_secs_f64(if quick() { 0.5 } else { 4.0 })
}

/// One comparison: adaptive against `other`, the figure `figure` names, its records.
struct Comparison {
    other: Row,
    /// `None` for the engine's default capacity.
    capacity: Option<usize>,
    workload: Workload,
    workers: usize,
    figure: Figure,
}

impl Comparison {
    /// The other row, its capacity, the figure and the workers where they are not the
    /// defaults: `crossbeam@64`, `crossbeam@p99`, `rayon@16-workers`.
    fn label(&self, cores: usize) -> String {
        Label::new(
            self.other.name,
            self.capacity,
            self.figure,
            self.workers,
            cores,
        )
        .to_string()
    }

    /// What a filter given to the bench is matched against:
    /// `batching/adaptive/sleep-100us/rayon@16-workers`.
    fn name(&self, cores: usize) -> String {
        format!(
            "batching/{ADAPTIVE}/{}/{}",
            self.workload,
            self.label(cores)
        )
    }
}

fn main() {
    let cores = logical_cores();
    let comparisons: Vec<Comparison> = comparisons(cores)
        .into_iter()
        .filter(|comparison| selected(&comparison.name(cores)))
        .collect();
    if comparisons.is_empty() {
        return;
    }
    println!(
        "batching: {ADAPTIVE}'s figure over the other row's (time per item unless named), \
         median of the pairs and its 95% interval"
    );
    let mut records = Vec::new();
    for comparison in &comparisons {
        records.extend(compare(comparison));
    }
    let path = records_dir().join("batching.jsonl");
    write_json_lines(&path, &records)
        .unwrap_or_else(|error| panic!("could not write {}: {error}", path.display()));
    println!("records written to {}", path.display());

    let page = batching_verdicts::page(&records);
    println!("\n{page}");
    let path = records_dir().join("adaptive-targets.md");
    std::fs::write(&path, page)
        .unwrap_or_else(|error| panic!("could not write {}: {error}", path.display()));
    println!("verdicts written to {}", path.display());
}

/// Every comparison the bench makes; fewer in a quick pass.
fn comparisons(cores: usize) -> Vec<Comparison> {
    let workload = |name: &str| -> Workload { name.parse().expect("a workload") };
    let row = |name: &str| Row::named(name).expect("a registered row");
    let at = |other: Row, capacity, workload, workers, figure| Comparison {
        other,
        capacity,
        workload,
        workers,
        figure,
    };
    let engines = other_engines();
    let throughput = |other, capacity, workload, workers| {
        at(other, capacity, workload, workers, Figure::Throughput)
    };
    let work: &[&str] = if quick() { &WORK[..2] } else { &WORK };
    let mut all = Vec::new();
    for name in work {
        let workload = workload(name);
        for &other in &engines {
            if quick() && other.name != PER_ITEM {
                continue;
            }
            for capacity in std::iter::once(None).chain(CAPACITIES.map(Some)) {
                all.push(throughput(other, capacity, workload, cores));
            }
        }
        for baseline in [RAYON_PAR_ITER, SEQUENTIAL] {
            all.push(throughput(row(baseline), None, workload, cores));
        }
    }
    // At one worker, against `sequential` on every workload the others measure, and on
    // sleep-100us.
    let alone = work.iter().copied().chain((!quick()).then_some(SLEEP));
    for name in alone {
        all.push(throughput(row(SEQUENTIAL), None, workload(name), 1));
    }
    if !quick() {
        for workers in SLEEP_WORKERS {
            for other in SLEEP_ENGINES {
                let sleep = workload(SLEEP);
                all.push(at(row(other), None, sleep, workers, Figure::Throughput));
            }
        }
    }
    let spin = workload(PER_ITEM_WORKLOAD);
    for figure in [
        Figure::ClosedLoopP99,
        Figure::WarmFirstResult,
        Figure::SlowConsumer,
    ] {
        all.push(at(row(PER_ITEM), None, spin, cores, figure));
    }
    all
}

/// A trial timed by the figure a comparison asks for.
struct Measured {
    trial: Trial,
    figure: Figure,
}

impl Timed for Measured {
    fn name(&self) -> &'static str {
        self.trial.row().name
    }

    fn workload(&self) -> Workload {
        self.trial.workload()
    }

    fn time(&mut self, items: usize) -> Duration {
        match self.figure {
            Figure::Throughput | Figure::SlowConsumer => self.trial.time(items),
            Figure::ClosedLoopP99 => {
                let (name, workload) = (Timed::name(self), Timed::workload(self));
                let measures = fanout_benches::checked(
                    self.trial.latency(items, Pacing::ClosedLoop),
                    name,
                    workload,
                );
                Duration::from_nanos(measures.latency.percentiles().p99)
            }
            Figure::WarmFirstResult => self
                .trial
                .warm_first_result()
                .expect("engines time their first result"),
        }
    }
}

/// Times adaptive against the comparison's row and returns the records.
fn compare(comparison: &Comparison) -> Vec<Record> {
    let Comparison {
        other,
        capacity,
        workload,
        workers,
        figure,
    } = *comparison;
    let build = |row: &str, capacity: Option<usize>| {
        let trial = Trial::new(row, workload, config(workers, capacity)).expect("a registered row");
        let trial = match figure {
            Figure::SlowConsumer => trial.with_consumer_cost(CONSUMER_COST),
            _ => trial,
        };
        Measured { trial, figure }
    };
    let items = items(workload);
    let paired = time_pairs(
        || build(ADAPTIVE, None),
        || build(other.name, capacity),
        items,
        budget(),
    );
    let ratio = paired.ratio;
    let label = comparison.label(logical_cores());
    let subject = Subject {
        engine: ADAPTIVE.to_owned(),
        workload: workload.to_string(),
        workers,
        capacity: config(workers, None).capacity,
        payload: workload.payload_bytes(),
        items,
    };
    println!(
        "{workload:<12} {workers:>2} workers, over {label:<26} {:>5} pairs {:>8.3}x ({:.3}x to \
         {:.3}x)",
        ratio.pairs, ratio.median, ratio.low, ratio.high
    );
    let metric = |name: &str| format!("{name}:{label}");
    let mut records = vec![
        subject.record(&metric("time_over"), ratio.median, "ratio"),
        subject.record(&metric("time_over_low"), ratio.low, "ratio"),
        subject.record(&metric("time_over_high"), ratio.high, "ratio"),
        subject.record(&metric("pairs"), ratio.pairs as f64, "pairs"),
    ];
    if label == SEQUENTIAL {
        // Speed-up is sequential's time over the engine's; efficiency spreads it over the
        // workload's ideal parallelism. A larger time ratio is a smaller efficiency.
        let usable = Ideal::of(workload).parallelism(workers, logical_cores()) as f64;
        let efficiency = |time_over: f64| 1.0 / time_over / usable;
        records.push(subject.record("efficiency", efficiency(ratio.median), "ratio"));
        records.push(subject.record("efficiency_low", efficiency(ratio.high), "ratio"));
        records.push(subject.record("efficiency_high", efficiency(ratio.low), "ratio"));
        records.push(subject.record("nanos_per_item", paired.first_nanos_per_item, "ns"));
    }
    records
}
