//! `distributed`: the contract past one machine. fanout-nats with 1, 2 and 4 `fanout
//! worker` processes of one worker each on a local `nats-server`, beside `crossbeam`
//! (in-process, as many workers) and `sequential`, in the same run, on noop, spin-100us,
//! spin-1ms and sleep-10ms. Prints items/s, the time per item above crossbeam's and the
//! efficiency against sequential; writes `target/fanout/distributed.jsonl` with, per
//! workload and worker count, `items_per_second` for `nats`, `crossbeam` and
//! `sequential` (engine field), `cost_over_crossbeam` (ns per item) and `efficiency`.
//!
//! The worker processes are the `fanout` binary beside this bench's executable
//! (`target/release/fanout`), which the bench builds first ([`fanout_binary`]). Without
//! it, or without `nats-server` on the PATH, the group says so and skips itself.

use std::time::{Duration, Instant};

use fanout_benches::{WorkerProcess, config, fanout_binary, median, quick, records_dir, selected};
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
    if !selected("distributed") {
        return;
    }
    let Some(fanout) = fanout_binary() else {
        println!(
            "distributed: skipped, the `fanout` binary could not be built beside this bench (cargo build --release -p fanout-cli)"
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
        let sequential = time_row("sequential", workload, 1, items);
        for processes in process_counts() {
            let crossbeam = time_row("crossbeam", workload, processes, items);
            let workers: Vec<WorkerProcess> = (0..processes)
                .map(|_| WorkerProcess::start(&fanout, &server.url()))
                .collect();
            let nats = time_nats(&server, workload, processes, items);
            drop(workers);
            let cost = (nats.as_secs_f64() - crossbeam.as_secs_f64()) / items as f64 * 1e9;
            let scaling = Scaling::of(sequential, nats, processes, cores, Ideal::of(workload));
            let rate = |elapsed: Duration| items as f64 / elapsed.as_secs_f64();
            println!(
                "{name:<11} {processes:>9} {:>13.0} {:>13.0} {:>13.0} {:>13.1} us {:>10.3}",
                rate(nats),
                rate(crossbeam),
                rate(sequential),
                cost / 1e3,
                scaling.efficiency
            );
            let subject = |engine: &str| Subject {
                engine: engine.to_owned(),
                workload: name.to_owned(),
                workers: processes,
                capacity: processes * 2,
                payload: workload.payload_bytes(),
                items,
            };
            records.push(subject("nats").record("items_per_second", rate(nats), "items/s"));
            records.push(subject("crossbeam").record(
                "items_per_second",
                rate(crossbeam),
                "items/s",
            ));
            records.push(subject("sequential").record(
                "items_per_second",
                rate(sequential),
                "items/s",
            ));
            records.push(subject("nats").record("cost_over_crossbeam", cost, "ns/item"));
            records.push(subject("nats").record("efficiency", scaling.efficiency, "ratio"));
        }
    }
    let path = records_dir().join("distributed.jsonl");
    write_json_lines(&path, &records)
        .unwrap_or_else(|error| panic!("could not write {}: {error}", path.display()));
    println!("records written to {}", path.display());
}

/// The median time of an in-process row's checked runs.
fn time_row(row: &str, workload: Workload, workers: usize, items: usize) -> Duration {
    let mut trial = Trial::new(row, workload, config(workers, None)).expect("a registered row");
    let times: Vec<Duration> = (0..=runs())
        .map(|_| {
            trial
                .throughput(items)
                .unwrap_or_else(|error| panic!("{row} on {workload}: {error}"))
                .elapsed
        })
        .skip(1)
        .collect();
    median(&times).expect("at least one timed run")
}

/// The median time of fanout-nats' checked runs, after one to warm up.
fn time_nats(server: &LocalServer, workload: Workload, processes: usize, items: usize) -> Duration {
    let engine =
        Nats::connect(&server.url(), config(processes, None)).expect("the local server accepts");
    let job = WorkloadJob::new(workload);
    let times: Vec<Duration> = (0..=runs())
        .map(|_| {
            let mut ledger = Ledger::new(items);
            let started = Instant::now();
            for result in engine.run(job, (0..items as u64).map(move |id| job.input(id))) {
                ledger.record(result.id);
            }
            let elapsed = started.elapsed();
            ledger
                .settle()
                .unwrap_or_else(|error| panic!("nats on {workload}: {error}"));
            elapsed
        })
        .skip(1)
        .collect();
    median(&times).expect("at least one timed run")
}
