//! The command line: what each subcommand accepts, with the ranges it checks.

use std::num::NonZeroUsize;
use std::path::PathBuf;

use clap::builder::{PossibleValuesParser, RangedI64ValueParser};
use clap::{Args, Parser, Subcommand};
use fanout_harness::rows::{ASYNC_ENGINE_NAMES, ENGINE_NAMES, Row, RowKind, row_names, rows};
use fanout_harness::{Workload, logical_cores};

use crate::compare::{self, Format};
use crate::demo::Demo;
use crate::nats_status::NatsArgs;
use crate::pool_limits;
use crate::worker::WorkerArgs;

/// The largest worker count the command accepts: each worker may be an OS thread.
pub(crate) const MAX_WORKERS: u64 = 4096;
/// The largest queue capacity the command accepts: some channels allocate it up front.
const MAX_CAPACITY: u64 = 1 << 20;

/// Fan-out/fan-in on every major Rust concurrency library. With no command, `compare`.
#[derive(Parser, Debug)]
#[command(name = "fanout", version, args_conflicts_with_subcommands = true)]
pub(crate) struct Cli {
    #[command(subcommand)]
    pub(crate) command: Option<Command>,
    #[command(flatten)]
    pub(crate) compare: CompareArgs,
}

#[derive(Subcommand, Debug)]
pub(crate) enum Command {
    /// Measure every engine on one workload, on this machine, in about 30 s (the default).
    Compare(CompareArgs),
    /// The seed's RunFan on any engine, or in Go itself (`--go`): items with a random
    /// 10-30 ms of work each (the seed's 100-300 ms at the default `--time-scale` 0.1).
    Demo(DemoArgs),
    /// Serve the workloads as jobs to runs on a NATS JetStream server (fanout-nats).
    Worker(WorkerArgs),
    /// Look at a NATS server fanout-nats runs on: `fanout nats status`.
    Nats(NatsArgs),
}

#[derive(Args, Debug)]
pub(crate) struct CompareArgs {
    /// The work per item: `noop`, `seed`, `spin-<d>`, `sleep-<d>`, `skewed`, `payload-<size>`,
    /// or for async work `async-noop`, `async-sleep-<d>`, `tcp-echo` or
    /// `spawn-blocking-spin-<d>` (every row runs every workload: blocking rows a blocking
    /// form of it, async rows an async one).
    #[arg(long, default_value = "spin-10us", value_parser = parse_workload)]
    workload: Workload,
    /// Items per run, measured as asked or refused if they cannot fit in `--seconds`;
    /// default: enough for about 20 ms of work on one worker, fewer if the budget needs it.
    #[arg(long, allow_negative_numbers = true, value_parser = whole(1, 10_000_000))]
    items: Option<u64>,
    /// Worker counts, comma-separated; default: 1, cores and 2 x cores.
    #[arg(long, value_delimiter = ',', allow_negative_numbers = true, value_parser = whole(1, MAX_WORKERS))]
    workers: Vec<u64>,
    /// Rows to compare, comma-separated: engine names, `*-reference` loops, baselines,
    /// or `engines` (the default: every engine and the baselines) or `all`.
    #[arg(long, value_delimiter = ',', value_parser = parse_rows)]
    engines: Vec<Vec<Row>>,
    /// Queue capacity (0 = rendezvous); default 2 x workers.
    #[arg(long, allow_negative_numbers = true, value_parser = whole(0, MAX_CAPACITY))]
    capacity: Option<u64>,
    /// Time budget for the whole comparison, in seconds: fewer rounds and fewer items are
    /// planned to fit it, and a comparison that cannot fit is refused before it starts.
    #[arg(long, default_value_t = 30.0, allow_negative_numbers = true, value_parser = parse_seconds)]
    seconds: f64,
    /// How to print the table.
    #[arg(long, value_enum, default_value_t = Format::Table)]
    format: Format,
    /// Also write every figure as JSON-lines records to this file.
    #[arg(long, value_name = "FILE")]
    json: Option<PathBuf>,
}

#[derive(Args, Debug)]
pub(crate) struct DemoArgs {
    /// The engine to run, or `all` for each in turn; on an async engine each item's work
    /// sleeps on tokio's timer rather than its thread.
    #[arg(long, default_value = "crossbeam", value_parser = PossibleValuesParser::new(demo_engines().chain(["all"])))]
    engine: String,
    /// Run the seed itself, in Go (`benches/go/`, built with the `go` toolchain), on its
    /// unbuffered channels, instead of a Rust engine.
    #[arg(long, conflicts_with_all = ["engine", "capacity"])]
    go: bool,
    /// How many work items.
    #[arg(long, default_value_t = 20, allow_negative_numbers = true, value_parser = whole(0, 1_000_000))]
    items: u64,
    /// How many workers.
    #[arg(long, default_value_t = 4, allow_negative_numbers = true, value_parser = whole(1, MAX_WORKERS))]
    workers: u64,
    /// The bound of each queue (0 = rendezvous); default 2 x workers.
    #[arg(long, allow_negative_numbers = true, value_parser = whole(0, MAX_CAPACITY))]
    capacity: Option<u64>,
    /// A number that replays the same simulated work times: two runs given the same N
    /// sleep the same time on each item. Drawn at random (and printed) if not given.
    #[arg(long, value_name = "N", allow_negative_numbers = true, value_parser = parse_random_state)]
    random_state: Option<u64>,
    /// Factor on the seed's 100-300 ms of work per item (1 = the seed's own times).
    #[arg(long, default_value_t = 0.1, value_parser = parse_time_scale, allow_negative_numbers = true)]
    time_scale: f64,
}

/// A whole-number flag from `least` to `most`. The number is read as signed, so that `-1`
/// gets the range error ("-1 is not in 1..=4096") rather than "invalid digit".
pub(crate) fn whole(least: u64, most: u64) -> RangedI64ValueParser<u64> {
    let bound = |value: u64| i64::try_from(value).expect("the flags' bounds are small");
    RangedI64ValueParser::new().range(bound(least)..=bound(most))
}

/// Numbers clap has already range-checked, converted for use.
fn to_usize(value: u64) -> usize {
    usize::try_from(value).expect("range-checked by clap to fit")
}

impl CompareArgs {
    pub(crate) fn run(self) -> Result<(), String> {
        let cores = logical_cores();
        let mut workers: Vec<usize> = if self.workers.is_empty() {
            vec![1, cores, 2 * cores]
        } else {
            self.workers.into_iter().map(to_usize).collect()
        };
        workers.sort_unstable();
        workers.dedup();
        let mut rows: Vec<Row> = if self.engines.is_empty() {
            default_rows()
        } else {
            self.engines.into_iter().flatten().collect()
        };
        rows.dedup();
        for row in rows.iter().filter(|row| row.uses_workers()) {
            for &count in &workers {
                pool_limits::check_workers(row.name, count)?;
            }
        }
        let settings = compare::Settings {
            workload: self.workload,
            items_asked: self.items.is_some(),
            items: self
                .items
                .map_or_else(|| self.workload.default_items(), to_usize),
            workers,
            rows,
            capacity: self.capacity.map(to_usize),
            seconds: self.seconds,
            format: self.format,
            json: self.json,
        };
        compare::run(settings)
    }
}

/// Every engine and the baselines.
fn default_rows() -> Vec<Row> {
    rows()
        .filter(|row| row.kind != RowKind::Reference)
        .collect()
}

impl DemoArgs {
    pub(crate) fn run(self) -> Result<(), String> {
        let demo = Demo {
            items: to_usize(self.items),
            workers: NonZeroUsize::new(to_usize(self.workers)).expect("range-checked by clap"),
            capacity: self.capacity.map(to_usize),
            random_state: self.random_state.unwrap_or_else(rand::random),
            time_scale: self.time_scale,
        };
        if self.go {
            return crate::demo_go::run(&demo);
        }
        let engines: Vec<&str> = if self.engine == "all" {
            demo_engines().collect()
        } else {
            vec![self.engine.as_str()]
        };
        for engine in &engines {
            pool_limits::check_workers(engine, demo.workers.get())?;
        }
        for engine in engines {
            if !demo.run_on(engine) {
                return Err(format!(
                    "unknown engine `{engine}`; expected one of: {}",
                    demo_engines().collect::<Vec<_>>().join(", ")
                ));
            }
        }
        Ok(())
    }
}

/// The engines the demo runs: blocking ones, then async ones.
fn demo_engines() -> impl Iterator<Item = &'static str> {
    ENGINE_NAMES.iter().chain(ASYNC_ENGINE_NAMES).copied()
}

fn parse_workload(text: &str) -> Result<Workload, String> {
    text.parse()
        .map_err(|error: fanout_harness::UnknownWorkload| error.to_string())
}

fn parse_rows(text: &str) -> Result<Vec<Row>, String> {
    match text {
        "all" => Ok(rows().collect()),
        "engines" => Ok(default_rows()),
        name => Row::named(name).map(|row| vec![row]).ok_or_else(|| {
            format!(
                "unknown engine or row `{name}`: expected `engines`, `all` or any of {}",
                row_names()
            )
        }),
    }
}

fn parse_seconds(text: &str) -> Result<f64, String> {
    let seconds: f64 = text
        .parse()
        .map_err(|_| format!("`{text}` is not a number"))?;
    if seconds.is_finite() && (1.0..=3600.0).contains(&seconds) {
        Ok(seconds)
    } else {
        Err(format!(
            "{text} is out of range: expected seconds from 1 to 3600"
        ))
    }
}

fn parse_random_state(text: &str) -> Result<u64, String> {
    text.parse().map_err(|_| {
        format!(
            "`{text}` is not a random state: expected a whole number from 0 to {}",
            u64::MAX
        )
    })
}

fn parse_time_scale(text: &str) -> Result<f64, String> {
    let scale: f64 = text
        .parse()
        .map_err(|_| format!("`{text}` is not a number"))?;
    if scale.is_finite() && (0.0..=100.0).contains(&scale) {
        Ok(scale)
    } else {
        Err(format!(
            "{text} is out of range: expected a number from 0 to 100"
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn the_command_line_definition_is_consistent() {
        Cli::command().debug_assert();
    }

    fn error_of(args: &[&str]) -> String {
        Cli::try_parse_from(args).unwrap_err().to_string()
    }

    #[test]
    fn bad_input_gets_an_error_naming_what_is_accepted() {
        let text = error_of(&["fanout", "demo", "--engine", "go"]);
        for name in demo_engines().chain(["all"]) {
            assert!(text.contains(name), "{text}");
        }
        assert!(error_of(&["fanout", "demo", "--workers", "0"]).contains("1..=4096"));
        assert!(error_of(&["fanout", "demo", "--time-scale", "-1"]).contains("from 0 to 100"));
        assert!(error_of(&["fanout", "--workload", "spin"]).contains("spin-<duration>"));
        assert!(
            error_of(&["fanout", "compare", "--engines", "go"]).contains("crossbeam-reference")
        );
        assert!(error_of(&["fanout", "--workers", "1,0"]).contains("1..=4096"));
        assert!(error_of(&["fanout", "--seconds", "0.5"]).contains("from 1 to 3600"));
        assert!(error_of(&["fanout", "--format", "xml"]).contains("markdown"));
    }

    #[test]
    fn negative_numbers_get_the_range_error() {
        assert!(error_of(&["fanout", "--workers", "-1"]).contains("1..=4096"));
        assert!(error_of(&["fanout", "compare", "--workers", "2,-1"]).contains("1..=4096"));
        assert!(error_of(&["fanout", "--items", "-5"]).contains("1..=10000000"));
        assert!(error_of(&["fanout", "--capacity", "-1"]).contains("0..=1048576"));
        assert!(error_of(&["fanout", "--seconds", "-3"]).contains("from 1 to 3600"));
        assert!(error_of(&["fanout", "demo", "--workers", "-1"]).contains("1..=4096"));
        assert!(error_of(&["fanout", "demo", "--items", "-1"]).contains("0..=1000000"));
        assert!(
            error_of(&["fanout", "demo", "--random-state", "-1"])
                .contains("from 0 to 18446744073709551615")
        );
    }

    #[test]
    fn the_go_demo_takes_no_engine_and_no_capacity() {
        let cli = Cli::try_parse_from(["fanout", "demo", "--go", "--workers", "3"]).unwrap();
        let Some(Command::Demo(demo)) = cli.command else {
            panic!("demo parsed as {:?}", cli.command);
        };
        assert!(demo.go);
        for flag in ["--engine", "--capacity"] {
            let value = if flag == "--engine" { "flume" } else { "4" };
            let text = error_of(&["fanout", "demo", "--go", flag, value]);
            assert!(text.contains("cannot be used with"), "{text}");
        }
    }

    #[test]
    fn the_demo_replays_a_random_state() {
        let cli = Cli::try_parse_from(["fanout", "demo", "--random-state", "42"]).unwrap();
        let Some(Command::Demo(demo)) = cli.command else {
            panic!("demo parsed as {:?}", cli.command);
        };
        assert_eq!(demo.random_state, Some(42));
        assert!(error_of(&["fanout", "demo", "--seed", "42"]).contains("--seed"));
    }

    #[test]
    fn async_engines_and_workloads_are_accepted() {
        let cli = Cli::try_parse_from([
            "fanout",
            "--engines",
            "tokio-tasks,joinset-reference,crossbeam",
            "--workload",
            "tcp-echo",
        ])
        .unwrap();
        let engines = cli.compare.engines.concat();
        assert!(engines[0].is_async() && engines[1].is_async() && !engines[2].is_async());
        assert_eq!(cli.compare.workload, Workload::TcpEcho);
        let cli = Cli::try_parse_from(["fanout", "demo", "--engine", "buffer-unordered"]).unwrap();
        assert!(matches!(cli.command, Some(Command::Demo(_))));
        assert!(
            error_of(&["fanout", "--workload", "async-sleep"]).contains("async-sleep-<duration>")
        );
    }

    #[test]
    fn the_demo_runs_an_async_engine_to_the_end() {
        let demo = Demo {
            items: 5,
            workers: NonZeroUsize::new(2).unwrap(),
            capacity: None,
            random_state: 7,
            time_scale: 0.001,
        };
        for engine in ASYNC_ENGINE_NAMES {
            assert!(demo.run_on(engine), "{engine}");
        }
        assert!(!demo.run_on("go"));
    }

    #[test]
    fn compare_is_the_default_and_takes_lists() {
        let cli = Cli::try_parse_from(["fanout", "--engines", "crossbeam,all", "--workers", "2,1"])
            .unwrap();
        assert!(cli.command.is_none());
        assert_eq!(cli.compare.engines.concat().len(), 1 + rows().count());
        assert_eq!(cli.compare.workers, [2, 1]);
    }
}
