//! `fanout compare`: every engine on one workload at a few worker counts, measured on this
//! machine in rounds in about half a minute, printed as a table with the best marked by the
//! rule the README's decision table follows.

mod budget;
mod busy;
mod calibrate;
mod json_file;
mod measure;
mod progress;
mod report;
mod verdict;

use std::path::PathBuf;
use std::time::Instant;

use fanout_harness::rows::Row;
use fanout_harness::{Workload, logical_cores};

use budget::{Cost, Items};
use json_file::JsonFile;

pub(crate) use report::Format;

/// What to compare, as the command line gave it.
#[derive(Clone, Debug)]
pub(crate) struct Settings {
    /// The workload every row runs.
    pub(crate) workload: Workload,
    /// Items per run: as asked or the default, then as planned to fit the budget.
    pub(crate) items: usize,
    /// Whether `items` was asked for (kept or refused) rather than the default (shrunk to fit).
    pub(crate) items_asked: bool,
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

/// Plans, measures, prints, and writes the records; the error says what went wrong. A
/// comparison that cannot fit its budget is refused before it starts; one that falls
/// behind stops, and prints what it measured before saying why.
pub(crate) fn run(mut settings: Settings) -> Result<(), String> {
    // The budget counts from here: the probe and the planning spend it too.
    let started = Instant::now();
    let json = settings.json.as_deref().map(JsonFile::open).transpose()?;
    let plan = measure::plan(&settings);
    let cores = logical_cores();
    let slowness = calibrate::slowness(settings.workload, settings.seconds);
    let costs: Vec<Cost> = plan
        .iter()
        .map(|&(row, workers)| {
            let workers = row.uses_workers().then_some(workers);
            Cost::estimate(
                measure::label(row, workers.unwrap_or(1)),
                settings.workload,
                workers,
                cores,
                slowness,
            )
        })
        .collect();
    let items = if settings.items_asked {
        Items::Asked(settings.items)
    } else {
        Items::Default(settings.items)
    };
    let most_workers = settings.workers.iter().copied().max().unwrap_or(1);
    let fitted_items = match budget::plan(settings.seconds, items, &costs, most_workers) {
        Ok(fitted) => fitted,
        Err(refusal) => {
            if let Some(json) = json {
                json.abandon();
            }
            return Err(refusal);
        }
    };
    if fitted_items != settings.items {
        eprintln!(
            "measuring {fitted_items} items per run, not the default {}, to fit --seconds {}",
            settings.items, settings.seconds
        );
        settings.items = fitted_items;
    }
    let busyness = busy::Busyness::now();
    let outcome = measure::measure_all(&settings, started, &plan);
    let busy = busyness.as_ref().and_then(busy::Busyness::warning_since);
    if outcome.measured.is_empty() {
        if let Some(json) = json {
            json.abandon();
        }
    } else {
        let report = report::Report::new(&settings, &outcome.measured)?;
        crate::output::text(&report.render(settings.format));
        if let Some(json) = json {
            json.write(&report.records())?;
        }
    }
    if let Some(warning) = busy {
        eprintln!("\n{warning}");
    }
    outcome.stopped.map_or(Ok(()), Err)
}
