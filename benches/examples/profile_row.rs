//! Runs one row a given number of times on one workload, checked like every bench run, for
//! a profiler to watch: `cargo build --release -p fanout-benches --example profile_row`, then
//! `valgrind --tool=callgrind target/release/examples/profile_row rayon noop 20` or
//! `perf stat -e context-switches target/release/examples/profile_row std-mpsc spin-10us 50`.
//! Arguments: row, workload, runs (default 20), workers (default: the logical cores),
//! capacity (default 2 x workers).

use std::process::ExitCode;

use fanout_benches::{checked, config};
use fanout_harness::rows::row_names;
use fanout_harness::{Trial, Workload, logical_cores};

fn main() -> ExitCode {
    let arguments: Vec<String> = std::env::args().skip(1).collect();
    match run(&arguments) {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("profile_row: {message}");
            ExitCode::FAILURE
        }
    }
}

fn run(arguments: &[String]) -> Result<(), String> {
    let [row, workload, rest @ ..] = arguments else {
        return Err(format!(
            "usage: profile_row ROW WORKLOAD [RUNS] [WORKERS] [CAPACITY]; rows: {}",
            row_names()
        ));
    };
    let workload: Workload = workload.parse().map_err(|error| format!("{error}"))?;
    let number = |index: usize, name: &str, default: usize| -> Result<usize, String> {
        rest.get(index).map_or(Ok(default), |text| {
            text.parse()
                .map_err(|_| format!("{name} must be a whole number, not `{text}`"))
        })
    };
    let runs = number(0, "runs", 20)?;
    let workers = number(1, "workers", logical_cores())?.max(1);
    let capacity = number(2, "capacity", 2 * workers)?;
    let items = workload.default_items();
    let mut trial = Trial::new(row, workload, config(workers, Some(capacity)))
        .map_err(|error| format!("{error}"))?;
    let mut elapsed = std::time::Duration::ZERO;
    for _ in 0..runs {
        elapsed += checked(trial.throughput(items), row, workload).elapsed;
    }
    println!(
        "{row} on {workload}: {runs} runs of {items} items, {workers} workers, capacity \
         {capacity}: {:.1} ns per item",
        elapsed.as_nanos() as f64 / (runs * items) as f64
    );
    Ok(())
}
