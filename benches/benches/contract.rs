//! `contract`: what the contract costs each engine on noop at workers = cores, timed
//! paired. Each engine and the `*-reference` loop on its primitive run alternately,
//! engine first in one pair and reference first in the next, and the cost is the median of
//! the per-pair ratios with its 95% confidence interval (see [`PairedRatio`]): drift in
//! the machine between two criterion benchmarks cancels here, and the interval says
//! whether the pairs were enough. Each engine's pairs go on until the interval is narrow
//! or a time budget is spent. Writes `target/fanout/contract.jsonl`.

use std::time::{Duration, Instant};

use fanout_benches::{checked, config, items, median, quick, records_dir, rows, selected};
use fanout_harness::measure::PairedRatio;
use fanout_harness::rows::{Row, RowKind};
use fanout_harness::{Record, Subject, Trial, Workload, logical_cores, write_json_lines};

/// The contract's own cost shows on items that cost nothing to work on.
const WORKLOAD: &str = "noop";

/// How long each engine's pairs may take at most. Some rows' run times spread over a
/// factor of forty on a busy 2-core machine (rayon's, whose idle pool threads compete with
/// the consumer for the cores), and their interval needs many hundreds of pairs: 15 s
/// gave about 500 and an interval of about -10% to +20% around the median. The other
/// engines settle within seconds.
fn budget() -> Duration {
    Duration::from_secs_f64(if quick() { 1.0 } else { 40.0 })
}

/// Pairs every engine gets, however long they take.
fn fewest_pairs() -> usize {
    if quick() { 11 } else { 41 }
}

/// The pairs stop early once the interval's ends are within this factor of each other
/// (about +-5% around the median): enough to tell 1x from the 1.25x target.
const NARROW_ENOUGH: f64 = 1.10;

/// Both rows are built anew after this many pairs. A rayon pool keeps the mode it falls
/// into (on 2 cores, 1 001 pairs of one pool against another of the same row gave medians
/// 2.4x apart), so one engine against one reference would compare two draws of that
/// lottery however many pairs were timed; rebuilding draws again.
const PAIRS_PER_BUILD: usize = 16;

/// Beyond this many pairs the interval is narrow enough for any question asked of it.
const MOST_PAIRS: usize = 4_001;

fn main() {
    // `cargo bench --bench contract -- rayon` measures one engine.
    let engines: Vec<Row> = rows()
        .filter(|row| row.kind == RowKind::Engine && selected(&format!("contract/{}", row.name)))
        .collect();
    if engines.is_empty() {
        return;
    }
    let workers = logical_cores();
    let workload: Workload = WORKLOAD.parse().expect("a workload");
    let items = items(workload);
    println!(
        "contract: engine time / reference time per item, {workload}, {workers} workers, \
         median and its 95% confidence interval"
    );
    println!(
        "{:<12} {:<20} {:>7} {:>8} {:>8} {:>8}",
        "engine", "reference", "pairs", "low", "median", "high"
    );
    let mut records = Vec::new();
    for engine in engines {
        if let Some(reference) = engine.reference() {
            records.extend(measure_pair(engine, reference, workload, workers, items));
        }
    }
    let path = records_dir().join("contract.jsonl");
    write_json_lines(&path, &records)
        .unwrap_or_else(|error| panic!("could not write {}: {error}", path.display()));
    println!("records written to {}", path.display());
}

/// Times `engine` and `reference` alternately, both rebuilt every [`PAIRS_PER_BUILD`]
/// pairs and warmed by one run each, and returns the records: each row's median ns per
/// item, and the engine's paired ratio.
fn measure_pair(
    engine: Row,
    reference: Row,
    workload: Workload,
    workers: usize,
    items: usize,
) -> Vec<Record> {
    let shape = config(workers, None);
    let capacity = shape.capacity;
    let build = |row: Row| Trial::new(row.name, workload, shape.clone()).expect("a registered row");
    let time =
        |trial: &mut Trial| checked(trial.throughput(items), trial.row().name, workload).elapsed;
    let settled = |timed: &[(Duration, Duration)]| {
        timed.len() >= fewest_pairs()
            && PairedRatio::of(timed).is_some_and(|ratio| ratio.high <= ratio.low * NARROW_ENOUGH)
    };
    let started = Instant::now();
    let mut timed: Vec<(Duration, Duration)> = Vec::new();
    let mut trials = None;
    while timed.len() < fewest_pairs()
        || (started.elapsed() < budget() && timed.len() < MOST_PAIRS && !settled(&timed))
    {
        if timed.len().is_multiple_of(PAIRS_PER_BUILD) {
            let (mut engine_trial, mut reference_trial) = (build(engine), build(reference));
            // One run each to warm caches, pools and the allocator; not counted.
            time(&mut engine_trial);
            time(&mut reference_trial);
            trials = Some((engine_trial, reference_trial));
        }
        let (engine_trial, reference_trial) = trials.as_mut().expect("built on the first pair");
        // Alternating who goes first cancels whatever the first run of a pair pays.
        timed.push(if timed.len().is_multiple_of(2) {
            let engine_time = time(engine_trial);
            (engine_time, time(reference_trial))
        } else {
            let reference_time = time(reference_trial);
            (time(engine_trial), reference_time)
        });
    }
    let ratio = PairedRatio::of(&timed).expect("at least one pair");
    println!(
        "{:<12} {:<20} {:>7} {:>7.2}x {:>7.2}x {:>7.2}x",
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
    let nanos_per_item = |times: &mut Vec<Duration>| {
        median(times).expect("pairs were timed").as_nanos() as f64 / items as f64
    };
    let (mut engine_times, mut reference_times): (Vec<_>, Vec<_>) = timed.into_iter().unzip();
    let engine_subject = subject(engine);
    vec![
        engine_subject.record("nanos_per_item", nanos_per_item(&mut engine_times), "ns"),
        subject(reference).record("nanos_per_item", nanos_per_item(&mut reference_times), "ns"),
        engine_subject.record("contract_cost", ratio.median, "ratio"),
        engine_subject.record("contract_cost_low", ratio.low, "ratio"),
        engine_subject.record("contract_cost_high", ratio.high, "ratio"),
        engine_subject.record("contract_cost_pairs", ratio.pairs as f64, "pairs"),
    ]
}
