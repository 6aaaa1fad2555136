//! `fanout compare`: every engine on one workload at a few worker counts, measured on this
//! machine in about half a minute, printed as a table with the best marked.

mod measure;
mod report;

use std::path::PathBuf;

use fanout_harness::Workload;
use fanout_harness::rows::Row;

pub(crate) use report::Format;

/// What to compare, as the command line gave it.
#[derive(Clone, Debug)]
pub(crate) struct Settings {
    /// The workload every row runs.
    pub(crate) workload: Workload,
    /// Items per run.
    pub(crate) items: usize,
    /// The worker counts to measure.
    pub(crate) workers: Vec<usize>,
    /// The rows to measure; `sequential` is always measured, as the speed-up's base.
    pub(crate) rows: Vec<Row>,
    /// Queue capacity; `None` for the default, 2 x workers.
    pub(crate) capacity: Option<usize>,
    /// The whole comparison's time budget, in seconds.
    pub(crate) seconds: f64,
    /// How to print the table.
    pub(crate) format: Format,
    /// Where to write JSON-lines records, if anywhere.
    pub(crate) json: Option<PathBuf>,
}

/// Measures, prints, and writes the records; the error says what went wrong.
pub(crate) fn run(settings: &Settings) -> Result<(), String> {
    let measured = measure::measure_all(settings)?;
    let report = report::Report::new(settings, &measured)?;
    print!("{}", report.render(settings.format));
    if let Some(path) = &settings.json {
        fanout_harness::write_json_lines(path, &report.records())
            .map_err(|error| format!("could not write {}: {error}", path.display()))?;
        eprintln!("records written to {}", path.display());
    }
    Ok(())
}
