//! `distributed`: the contract past one machine. fanout-nats with 1, 2 and 4 `fanout
//! worker` processes of one worker each on a local `nats-server`, beside `crossbeam`
//! (in-process, as many workers) and `sequential`, in the same run, on noop, spin-100us,
//! spin-1ms and sleep-10ms. Prints items/s, the time per item above crossbeam's and the
//! efficiency against sequential; writes `target/fanout/distributed.jsonl` with, per
//! workload and worker count, `items_per_second` for `nats`, `crossbeam` and
//! `sequential` (engine field), `cost_over_crossbeam` (ns per item) and `efficiency`,
//! each the median of rounds of one run of each row with `_low` and `_high` from their
//! quartiles (efficiency and cost within each round).
//!
//! Then `distributed/distance` ([`distance`]): the workers behind a latency proxy of 0.2,
//! 2 and 20 ms round trip; `cargo bench --bench distributed -- distance` runs only it and
//! writes `target/fanout/distributed-distance.jsonl`.
//!
//! The worker processes are the `fanout` binary, which the bench builds first into
//! `target/fanout-cli/` ([`fanout_binary`]). Without it, or without `nats-server` on the
//! PATH, the group says so and skips itself.

#[path = "distributed/distance.rs"]
mod distance;
#[path = "distributed/latency_proxy.rs"]
mod latency_proxy;

use std::path::Path;
use std::time::{Duration, Instant};

use fanout_benches::{
    WorkerProcess, config, fanout_binary, quick, records_dir, records_with_spread, selected, spread,
};
use fanout_harness::measure::{Ideal, Ledger, Scaling};
use fanout_harness::{Subject, Trial, Workload, WorkloadJob, logical_cores, write_json_lines};
use fanout_nats::{LocalServer, Nats, ServerError};

const WORKLOADS: [&str; 4] = ["noop", "spin-100us", "spin-1ms", "sleep-10ms"];

/// Worker processes, one worker each.
fn process_counts() -> Vec<usize> {
    if quick() { vec![1, 2] } else { vec![1, 2, 4] }
}

/// Timed runs per measurement; the median is reported.
fn runs() -> usize {
    if quick() { 3 } else { 7 }
}

/// Items per run: about 0.2 s of work for one worker (0.05 s quick), 200 to 5 000.
fn items(workload: Workload) -> usize {
    let budget = if quick() { 0.05 } else { 0.2 };
    let per_item = workload.nominal_cost().as_secs_f64().max(1e-5);
    ((budget / per_item) as usize).clamp(200, 5_000)
}

fn main() {
    let (local_part, distance_part) = (
        selected("distributed/local"),
        selected("distributed/distance"),
    );
    if !local_part && !distance_part {
        return;
    }
    let Some(fanout) = fanout_binary() else {
        println!(
            "distributed: skipped, the `fanout` binary could not be built (cargo build --release -p fanout-cli --target-dir target/fanout-cli)"
        );
        return;
    };
    let server = match LocalServer::start(&[]) {
        Ok(server) => server,
        Err(ServerError::NotInstalled) => {
            println!(
                "distributed: skipped, nats-server is not installed (apt-get install nats-server)"
            );
            return;
        }
        Err(error) => panic!("distributed: {error}"),
    };
    if local_part {
        local(&fanout, &server);
    }
    if distance_part {
        let records = distance::run(&fanout, &server);
        let path = records_dir().join("distributed-distance.jsonl");
        write_json_lines(&path, &records)
            .unwrap_or_else(|error| panic!("could not write {}: {error}", path.display()));
        println!("records written to {}", path.display());
    }
}

/// The workers on the server's machine, no distance between them.
fn local(fanout: &Path, server: &LocalServer) {
    let cores = logical_cores();
    println!(
        "distributed: fanout-nats with worker processes of 1 worker on a local nats-server, {cores} cores"
    );
    println!(
        "{:<11} {:>9} {:>13} {:>13} {:>13} {:>16} {:>10}",
        "workload",
        "processes",
        "nats items/s",
        "crossbeam",
        "sequential",
        "cost over cb",
        "efficiency"
    );
    let mut records = Vec::new();
    for name in WORKLOADS {
        let workload: Workload = name.parse().expect("a workload");
        let items = items(workload);
        for processes in process_counts() {
            let workers: Vec<WorkerProcess> = (0..processes)
                .map(|_| WorkerProcess::start(fanout, &server.url()))
                .collect();
            let engine = Nats::connect(&server.url(), config(processes, None))
                .expect("the local server accepts");
            let rounds = rounds(&engine, workload, processes, items);
            drop(workers);
            let rate = |elapsed: Duration| items as f64 / elapsed.as_secs_f64();
            // Per round, so that each comparison meets the machine in one state: on this
            // shared machine `sequential` alone moved by a fifth between runs minutes apart.
            let figure = |of: &dyn Fn(&Round) -> f64| {
                let values: Vec<f64> = rounds.iter().map(of).collect();
                spread(&values).expect("at least one round")
            };
            let cost = figure(&|round| {
                (round.nats.as_secs_f64() - round.crossbeam.as_secs_f64()) / items as f64 * 1e9
            });
            let efficiency = figure(&|round| {
                Scaling::of(
                    round.sequential,
                    round.nats,
                    processes,
                    cores,
                    Ideal::of(workload),
                )
                .efficiency
            });
            let rates = [
                ("nats", figure(&|round| rate(round.nats))),
                ("crossbeam", figure(&|round| rate(round.crossbeam))),
                ("sequential", figure(&|round| rate(round.sequential))),
            ];
            println!(
                "{name:<11} {processes:>9} {:>13.0} {:>13.0} {:>13.0} {:>13.1} us {:>10.3} ({:.3} to {:.3})",
                rates[0].1.0,
                rates[1].1.0,
                rates[2].1.0,
                cost.0 / 1e3,
                efficiency.0,
                efficiency.1,
                efficiency.2,
            );
            let subject = |engine: &str| Subject {
                engine: engine.to_owned(),
                workload: name.to_owned(),
                workers: processes,
                capacity: processes * 2,
                payload: workload.payload_bytes(),
                items,
            };
            for (engine, figure) in rates {
                records.extend(records_with_spread(
                    &subject(engine),
                    "items_per_second",
                    figure,
                    "items/s",
                ));
            }
            records.extend(records_with_spread(
                &subject("nats"),
                "cost_over_crossbeam",
                cost,
                "ns/item",
            ));
            records.extend(records_with_spread(
                &subject("nats"),
                "efficiency",
                efficiency,
                "ratio",
            ));
        }
    }
    let path = records_dir().join("distributed.jsonl");
    write_json_lines(&path, &records)
        .unwrap_or_else(|error| panic!("could not write {}: {error}", path.display()));
    println!("records written to {}", path.display());
}

/// One round: each row's run timed once, one after the other.
pub(crate) struct Round {
    pub(crate) sequential: Duration,
    pub(crate) crossbeam: Duration,
    pub(crate) nats: Duration,
}

/// Rounds of `sequential`, in-process `crossbeam` with `processes` workers and fanout-nats
/// on the worker processes running through `engine`, every run checked; one round first
/// to warm up, not counted.
pub(crate) fn rounds(
    engine: &Nats,
    workload: Workload,
    processes: usize,
    items: usize,
) -> Vec<Round> {
    let trial = |row: &str, workers: usize| {
        Trial::new(row, workload, config(workers, None)).expect("a registered row")
    };
    let (mut sequential, mut crossbeam) = (trial("sequential", 1), trial("crossbeam", processes));
    let time_row = |trial: &mut Trial, row: &str| {
        trial
            .throughput(items)
            .unwrap_or_else(|error| panic!("{row} on {workload}: {error}"))
            .elapsed
    };
    let job = WorkloadJob::new(workload);
    let time_nats = || {
        let mut ledger = Ledger::new(items);
        let started = Instant::now();
        for result in engine.run((0..items as u64).map(move |id| job.input(id)), job) {
            ledger.record(result.id);
        }
        let elapsed = started.elapsed();
        ledger
            .settle()
            .unwrap_or_else(|error| panic!("nats on {workload}: {error}"));
        elapsed
    };
    (0..=runs())
        .map(|_| Round {
            sequential: time_row(&mut sequential, "sequential"),
            crossbeam: time_row(&mut crossbeam, "crossbeam"),
            nats: time_nats(),
        })
        .skip(1)
        .collect()
}
