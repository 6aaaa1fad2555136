//! `fanout`: run the fan-out/fan-in engines from the command line.
//!
//! `fanout demo` runs the seed's `RunFan` (20 items, 4 workers, a random 100-300 ms of
//! work per item, scaled by `--time-scale`) on any engine, printing the seed's lines.

mod demo;
mod engines;

use std::num::NonZeroUsize;
use std::process::ExitCode;

use clap::builder::PossibleValuesParser;
use clap::{Parser, Subcommand};

use crate::demo::Demo;
use crate::engines::ENGINE_NAMES;

/// The largest worker count the command accepts: each worker may be an OS thread.
const MAX_WORKERS: u64 = 4096;
/// The largest queue capacity the command accepts: some channels allocate it up front.
const MAX_CAPACITY: u64 = 1 << 20;

#[derive(Parser, Debug)]
#[command(
    name = "fanout",
    version,
    about = "Fan-out/fan-in on every major Rust concurrency library"
)]
#[command(subcommand_required = true, arg_required_else_help = true)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand, Debug)]
enum Command {
    /// The seed's RunFan on any engine: items with a random 100-300 ms of work each.
    Demo(DemoArgs),
}

#[derive(clap::Args, Debug)]
struct DemoArgs {
    /// The engine to run, or `all` for each in turn.
    #[arg(long, default_value = "crossbeam", value_parser = engine_choices())]
    engine: String,
    /// How many work items.
    #[arg(long, default_value_t = 20, value_parser = clap::value_parser!(u64).range(0..=1_000_000))]
    items: u64,
    /// How many workers.
    #[arg(long, default_value_t = 4, value_parser = clap::value_parser!(u64).range(1..=MAX_WORKERS))]
    workers: u64,
    /// The bound of each queue (0 = rendezvous); default 2 x workers.
    #[arg(long, value_parser = clap::value_parser!(u64).range(0..=MAX_CAPACITY))]
    capacity: Option<u64>,
    /// Seed for the simulated work times, for a reproducible run; random if not given.
    #[arg(long)]
    seed: Option<u64>,
    /// Factor on the seed's 100-300 ms of work per item (1 = the seed's own times).
    #[arg(long, default_value_t = 0.1, value_parser = parse_time_scale, allow_negative_numbers = true)]
    time_scale: f64,
}

fn engine_choices() -> PossibleValuesParser {
    PossibleValuesParser::new(ENGINE_NAMES.into_iter().chain(["all"]))
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

fn main() -> ExitCode {
    let Command::Demo(args) = Cli::parse().command;
    let seed = args.seed.unwrap_or_else(rand::random);
    let demo = Demo {
        items: usize::try_from(args.items).expect("checked by clap"),
        workers: NonZeroUsize::new(usize::try_from(args.workers).expect("checked by clap"))
            .expect("checked by clap"),
        capacity: args
            .capacity
            .map(|capacity| usize::try_from(capacity).expect("checked by clap")),
        seed,
        time_scale: args.time_scale,
    };
    let engines: Vec<&str> = if args.engine == "all" {
        ENGINE_NAMES.to_vec()
    } else {
        vec![args.engine.as_str()]
    };
    for engine in engines {
        if !demo.run_on(engine) {
            eprintln!(
                "error: unknown engine `{engine}`; expected one of: {}",
                ENGINE_NAMES.join(", ")
            );
            return ExitCode::FAILURE;
        }
    }
    ExitCode::SUCCESS
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn the_command_line_definition_is_consistent() {
        Cli::command().debug_assert();
    }

    #[test]
    fn bad_input_gets_an_error_naming_what_is_accepted() {
        let error = Cli::try_parse_from(["fanout", "demo", "--engine", "go"]).unwrap_err();
        let text = error.to_string();
        for name in ENGINE_NAMES.iter().chain(&["all"]) {
            assert!(text.contains(name), "{text}");
        }
        let error = Cli::try_parse_from(["fanout", "demo", "--workers", "0"]).unwrap_err();
        assert!(error.to_string().contains("1..=4096"), "{error}");
        let error = Cli::try_parse_from(["fanout", "demo", "--time-scale", "-1"]).unwrap_err();
        assert!(error.to_string().contains("from 0 to 100"), "{error}");
    }
}
