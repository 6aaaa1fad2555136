//! `fanout`: compare the fan-out/fan-in engines on this machine, or run the seed's demo.
//!
//! `fanout` (or `fanout compare`) measures every engine on one workload at 1, cores and
//! 2 x cores workers in about half a minute and prints a table; `fanout demo` runs the
//! seed's `RunFan` on any engine, printing the seed's lines (`--go`: the seed itself, in
//! Go); `fanout worker --nats URL`
//! serves the workloads to runs of fanout-nats' engine on other machines, and `fanout
//! nats status --nats URL` shows what such a server holds.

mod args;
mod compare;
mod connection;
mod demo;
mod demo_go;
mod nats_status;
mod output;
mod pool_limits;
mod stop_signal;
mod worker;

use std::process::ExitCode;

use clap::Parser;

use crate::args::{Cli, Command};

fn main() -> ExitCode {
    let cli = Cli::parse();
    let outcome = match cli.command {
        Some(Command::Demo(demo)) => demo.run(),
        Some(Command::Compare(compare)) => compare.run(),
        Some(Command::Worker(worker)) => worker.run(),
        Some(Command::Nats(nats)) => nats.run(),
        None => cli.compare.run(),
    };
    match outcome {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("error: {message}");
            ExitCode::FAILURE
        }
    }
}
