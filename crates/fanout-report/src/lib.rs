//! Turns fanout's bench output into a results folder: the data as CSV, one SVG chart per
//! question, a README that answers first (the machine, plain answers, the decision table)
//! and an appendix with every other verdict, all computed from the data.
//!
//! It reads criterion's estimates under `<bench dir>/criterion/` and the harness's JSON
//! lines under `<bench dir>/fanout/`, draws with plotters' SVG backend (text is written
//! as SVG `<text>`, so no font files or system libraries are needed), and writes
//! everything into one folder. `scripts/plot.sh` runs it after the benches:
//!
//! ```sh
//! cargo bench
//! scripts/plot.sh            # writes results/
//! ```
//!
//! Groups a run did not measure (a quick pass, a single bench target) are left out and
//! named in the README; with no bench output at all it stops and says to run
//! `cargo bench` first. Bad input is an [`Error`] naming the file, never a panic.

mod charts;
mod conclusions;
mod data;
mod error;
use fanout_harness::format;
mod input;
mod output;

use std::fs;
use std::path::{Path, PathBuf};

pub use error::Error;

use charts::Outcome;
use data::Results;
use input::BenchOutput;

/// Where to read the bench output and where to write the results.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Options {
    /// The folder the benches wrote to: `target/` unless `CARGO_TARGET_DIR` moved it.
    pub bench_dir: PathBuf,
    /// The results folder, created if need be; files this tool writes are replaced.
    pub out_dir: PathBuf,
}

/// What a run wrote, and what it had to leave out.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Report {
    /// The SVG charts drawn.
    pub charts: Vec<PathBuf>,
    /// The CSV files written.
    pub tables: Vec<PathBuf>,
    /// The README: the machine, the plain answers, the decision table, provenance.
    pub readme: PathBuf,
    /// The appendix: each question's verdict, the per-workload tables, charts, data.
    pub appendix: PathBuf,
    /// Each chart left out, with the reason: `capacity.svg: no capacity/* groups ...`.
    pub missing: Vec<String>,
}

/// Reads `options.bench_dir` and writes the results into `options.out_dir`.
pub fn run(options: &Options) -> Result<Report, Error> {
    let results = Results::of(BenchOutput::read(&options.bench_dir)?)?;
    let out = options.out_dir.as_path();
    fs::create_dir_all(out).map_err(|error| Error::at(out, error))?;

    let outcomes = charts::draw_all(&results, out)?;
    let mut report = Report {
        charts: Vec::new(),
        tables: Vec::new(),
        readme: out.join(output::readme::README_FILE),
        appendix: out.join(output::readme::APPENDIX_FILE),
        missing: Vec::new(),
    };
    for outcome in &outcomes {
        match outcome {
            Outcome::Drawn(chart) => report.charts.push(out.join(chart.file)),
            Outcome::Missing(chart, reason) => {
                // A chart from an earlier plot would show figures this run does not have.
                remove_if_present(&out.join(chart.file))?;
                report.missing.push(format!("{}: {reason}", chart.file));
            }
        }
    }

    let tables = output::tables::tables(&results)
        .map_err(|error| Error::at(out, format!("a table could not be written: {error}")))?;
    for (file, table) in &tables {
        let path = out.join(file);
        table.write(&path)?;
        report.tables.push(path);
    }
    // The `batching` bench's page is copied as it is; a copy from an earlier plot would
    // judge figures this run does not have.
    let targets = out.join(input::ADAPTIVE_TARGETS_FILE);
    match &results.adaptive_targets {
        Some(adaptive) => {
            fs::write(&targets, &adaptive.page).map_err(|error| Error::at(&targets, error))?;
        }
        None => remove_if_present(&targets)?,
    }
    let files: Vec<&str> = tables.iter().map(|(file, _)| *file).collect();
    let pages = output::readme::pages(&results, &outcomes, &files);
    fs::write(&report.readme, pages.readme).map_err(|error| Error::at(&report.readme, error))?;
    fs::write(&report.appendix, pages.appendix)
        .map_err(|error| Error::at(&report.appendix, error))?;
    Ok(report)
}

fn remove_if_present(path: &Path) -> Result<(), Error> {
    match fs::remove_file(path) {
        Err(error) if error.kind() != std::io::ErrorKind::NotFound => Err(Error::at(path, error)),
        _ => Ok(()),
    }
}
