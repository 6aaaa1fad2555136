//! What the adaptive engine's target trades: for each target, its efficiency on spin-10us
//! at workers = cores and its closed-loop p99 latency over `crossbeam`'s, the two figures
//! its issue asks for at the default target, measured here at several.
//!
//! Each round times `sequential` (a plain loop), one closed-loop run of `crossbeam` (items
//! stamped as they leave the input, each result's age recorded at the consumer) and one
//! such run of `adaptive` at every target, one after the other, so that a drift of the
//! machine's speed falls on all of them; the figures are medians of the rounds, with their
//! quartiles. `cargo run --release -p fanout-benches --example adaptive_targets`.

use std::hint::black_box;
use std::time::{Duration, Instant};

use fanout_adaptive::Adaptive;
use fanout_benches::{config, spread};
use fanout_core::FanOutFanIn;
use fanout_harness::measure::LatencyHistogram;
use fanout_harness::{Pacing, Trial, Workload, calibrated_spin_iterations, logical_cores, spin};

/// Items in each run.
const ITEMS: u64 = 10_000;

/// Rounds of every run.
const ROUNDS: usize = 7;

/// The targets swept, in microseconds; 100 is the default.
const TARGETS: [u64; 5] = [25, 50, 100, 200, 400];

fn main() {
    let workers = logical_cores();
    let config = config(workers, None);
    let work_per_item = Duration::from_micros(10);
    let iterations = calibrated_spin_iterations(work_per_item);
    let mut crossbeam = Trial::new("crossbeam", Workload::Spin(work_per_item), config.clone())
        .expect("crossbeam is a registered row");
    let engines: Vec<Adaptive> = TARGETS
        .iter()
        .map(|&micros| Adaptive::new(config.clone()).with_target(Duration::from_micros(micros)))
        .collect();

    let mut crossbeam_p99 = Vec::new();
    let mut efficiency = vec![Vec::new(); TARGETS.len()];
    let mut p99 = vec![Vec::new(); TARGETS.len()];
    for _round in 0..=ROUNDS {
        let started = Instant::now();
        black_box((0..ITEMS).map(|n| spin(iterations, n)).sum::<u64>());
        let sequential = started.elapsed().as_secs_f64();
        let measured = crossbeam
            .latency(ITEMS as usize, Pacing::ClosedLoop)
            .expect("crossbeam returns every result once");
        crossbeam_p99.push(measured.latency.percentiles().p99 as f64);
        for (index, engine) in engines.iter().enumerate() {
            let (elapsed, latency) = closed_loop(engine, iterations);
            efficiency[index].push(sequential / (elapsed * workers as f64));
            p99[index].push(latency.percentiles().p99 as f64);
        }
    }
    // The first round warmed the threads and caches up; it is not counted.
    let counted = |figures: &[f64]| spread(&figures[1..]).expect("rounds were run");
    let (crossbeam_p99, ..) = counted(&crossbeam_p99);
    println!(
        "adaptive on spin-10us, {workers} workers, {ITEMS} items a run, medians of {ROUNDS} \
         rounds (quartiles); crossbeam's closed-loop p99 {:.0} us",
        crossbeam_p99 / 1e3
    );
    println!("target   efficiency            p99 (us)   p99 over crossbeam's");
    for (index, micros) in TARGETS.iter().enumerate() {
        let (median, low, high) = counted(&efficiency[index]);
        let (p99_median, ..) = counted(&p99[index]);
        println!(
            "{micros:>4} us  {median:.3} ({low:.3}-{high:.3})  {:>8.0}   {:.2}x",
            p99_median / 1e3,
            p99_median / crossbeam_p99
        );
    }
}

/// One closed-loop run of spin-10us items through `engine`: its wall time in seconds and
/// each result's age at the consumer, counted from when its item left the input.
fn closed_loop(engine: &Adaptive, iterations: u64) -> (f64, LatencyHistogram) {
    let mut latency = LatencyHistogram::default();
    let started = Instant::now();
    let stamped = (0..ITEMS).map(|n| (Instant::now(), n));
    let mut received = 0;
    for (since, result) in engine.run(stamped, move |_, (since, n)| (since, spin(iterations, n))) {
        latency.record(since.elapsed());
        black_box(result);
        received += 1;
    }
    assert_eq!(received, ITEMS, "every item gives one result");
    (started.elapsed().as_secs_f64(), latency)
}
