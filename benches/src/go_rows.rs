//! The Go rows in the benches: the seed's Go program built once per bench process, or
//! the one line that says how to install Go where it is missing.

use criterion::BenchmarkGroup;
use criterion::measurement::WallTime;
use fanout_core::FanConfig;
use fanout_harness::Workload;
use fanout_harness::go::{GoError, GoProgram, GoRow, GoTrial};

use crate::bench_timed;

/// The Go program, built with `go build` into this bench's profile folder
/// (`target/release/fanout-go`, beside the `fanout` binary); `None`, after one line
/// naming the package to install, where there is no `go` on PATH. Any other failure to
/// build stops the bench: the program is this project's own.
pub fn go_program() -> Option<GoProgram> {
    let folder = std::env::current_exe()
        .ok()
        .and_then(|executable| Some(executable.parent()?.parent()?.to_path_buf()))
        .unwrap_or_else(|| crate::records_dir().join("go"));
    match GoProgram::build(&folder) {
        Ok(program) => Some(program),
        Err(GoError::NoToolchain) => {
            println!("Go rows skipped: {}", GoError::NoToolchain);
            None
        }
        Err(error) => panic!("{error}"),
    }
}

/// Starts `row` of `program` on `workload` with `config`; a Go row that cannot start
/// stops the bench.
pub fn go_trial(program: &GoProgram, row: GoRow, workload: Workload, config: FanConfig) -> GoTrial {
    GoTrial::new(program, row, workload, config)
        .unwrap_or_else(|error| panic!("cannot start {} on {workload}: {error}", row.name))
}

/// Benchmarks Go row `row` as [`bench_row`](crate::bench_row) does a Rust row.
#[allow(clippy::too_many_arguments)]
pub fn bench_go_row(
    group: &mut BenchmarkGroup<'_, WallTime>,
    group_name: &str,
    program: &GoProgram,
    row: GoRow,
    workload: Workload,
    config: FanConfig,
    items: usize,
    parameter: impl std::fmt::Display,
) {
    let mut trial = go_trial(program, row, workload, config);
    bench_timed(group, group_name, &mut trial, items, parameter);
}
