//! `fanout-report`: bench output in, a results folder of CSV, SVG charts and a README out.
//! `scripts/plot.sh` runs it; see the library's docs for what it reads and writes.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::Parser;
use fanout_report::{Options, run};

/// Draws fanout's bench output as charts, CSV and a README of conclusions.
#[derive(Parser)]
#[command(name = "fanout-report", version)]
struct Arguments {
    /// The folder the benches wrote (`criterion/` and `fanout/*.jsonl` inside).
    #[arg(long, default_value = "target")]
    bench_dir: PathBuf,
    /// The folder to write the results to.
    #[arg(long, default_value = "results")]
    out: PathBuf,
}

fn main() -> ExitCode {
    let arguments = Arguments::parse();
    let options = Options {
        bench_dir: arguments.bench_dir,
        out_dir: arguments.out,
    };
    match run(&options) {
        Ok(report) => {
            println!(
                "fanout-report: wrote {} charts, {} CSV files, {} and {} into {}",
                report.charts.len(),
                report.tables.len(),
                report.readme.display(),
                report.appendix.display(),
                options.out_dir.display()
            );
            for missing in &report.missing {
                println!("  left out {missing}");
            }
            ExitCode::SUCCESS
        }
        Err(error) => {
            eprintln!("fanout-report: {error}");
            ExitCode::FAILURE
        }
    }
}
