//! The decision table, first in the README and as `decision.csv`: for each kind of work
//! and worker count, the engine and configuration to use, its lead over the next engine
//! from the `decision` bench's rounds, and whether fanning out pays at all.

use fanout_harness::measure::{CellVerdict, DecisionCell, PairedRatio, WIN_ABOVE, median};
use serde::Serialize;

use crate::data::Results;
use crate::data::decision::{DecisionTable, decision_table};
use crate::data::interval::Interval;
use crate::data::rows;
use crate::format;
use crate::output::csv::Table;
use crate::output::csv_rows::{Ends, table_of};
use crate::output::markdown;

/// What a cell advises, in a word or two, for the CSV.
fn advice(verdict: &CellVerdict<'_>) -> &'static str {
    match verdict.fan_out() {
        None => "no sequential run",
        Some(true) => "fan out",
        Some(false) => "don't fan out",
    }
}

/// A ratio with its interval, short, for a cell.
fn short(ratio: PairedRatio) -> String {
    Interval::from(ratio).times_short()
}

/// One cell as markdown: short, the legend says the rest.
fn cell_text(verdict: &CellVerdict<'_>) -> String {
    let name = |label: String| format!("`{label}`");
    let mut against = Vec::new();
    if let Some(ratio) = verdict.over_sequential {
        against.push(format!("{} seq", format::times(ratio.median)));
    }
    if let Some(ratio) = verdict.over_rayon_par_iter {
        against.push(format!("{} par-iter", format::times(ratio.median)));
    }
    let against = against.join(", ");
    let winner = name(verdict.winner.label());
    if verdict.fan_out() == Some(false) {
        return format!("**don't fan out**<br>best {winner}: {against}");
    }
    match (verdict.runner_up, verdict.lead) {
        (Some(runner_up), Some(lead)) if verdict.wins() => format!(
            "{winner}<br>{} over {}<br>{against}",
            short(lead),
            name(runner_up.label())
        ),
        (Some(runner_up), Some(lead)) => format!(
            "tie: {winner}, {}<br>{}<br>{against}",
            name(runner_up.label()),
            short(lead)
        ),
        _ => format!("{winner}<br>{against}"),
    }
}

/// How much a candidate's time moved between its fastest and slowest rounds, the median
/// over every candidate of the run: the drift the ratios within a round leave out.
fn drift_within_rounds(cells: &[&DecisionCell]) -> Option<f64> {
    let spreads: Vec<f64> = cells
        .iter()
        .flat_map(|cell| &cell.candidates)
        .filter_map(|candidate| {
            let fastest = candidate.nanos_per_item.iter().copied().reduce(f64::min)?;
            let slowest = candidate.nanos_per_item.iter().copied().reduce(f64::max)?;
            (fastest > 0.0).then(|| slowest / fastest - 1.0)
        })
        .collect();
    median(&spreads)
}

/// The README's section: the table, then its legend.
pub(crate) fn section(results: &Results) -> String {
    let table = decision_table(results);
    let mut text = String::from("## Which engine to use\n\n");
    if table.workloads.is_empty() {
        text.push_str(
            "The decision bench was not run: `cargo bench --bench decision` times the \
             candidates of every cell in rounds.\n\n",
        );
        return text;
    }
    let cores = results.cores().max(1);
    let column = |workers: usize| match workers {
        1 => String::from("1 worker"),
        _ if workers == cores => format!("{workers} (cores)"),
        _ if workers.is_multiple_of(cores) => format!("{workers} ({} x cores)", workers / cores),
        _ => workers.to_string(),
    };
    let mut header = vec![String::from("work per item")];
    header.extend(table.workers.iter().map(|&workers| column(workers)));
    let rows: Vec<Vec<String>> = table
        .workloads
        .iter()
        .map(|workload| {
            let mut cells = vec![format!("`{workload}`")];
            cells.extend(table.workers.iter().map(|&workers| {
                table
                    .cell(workload, workers)
                    .and_then(CellVerdict::of)
                    .map_or_else(|| String::from("-"), |verdict| cell_text(&verdict))
            }));
            cells
        })
        .collect();
    text.push_str(&markdown::table(&header, &rows));
    text.push_str("\n\n");
    text.push_str(&legend(results, &table));
    text.push_str("\n\n");
    text
}

fn legend(results: &Results, table: &DecisionTable<'_>) -> String {
    let rounds = table
        .cells
        .iter()
        .flat_map(|cell| &cell.candidates)
        .map(|candidate| candidate.nanos_per_item.len())
        .min()
        .unwrap_or(0);
    let mut legend = format!(
        "Each cell: the fastest streaming engine at that worker count, in its fastest \
         configuration (every engine was timed at its default capacity, 2 x workers, and at \
         16, 64 and 256), then its lead over the next engine: the median over {rounds} rounds \
         of the ratio of their times within a round, with its 95% interval. A lead is a win \
         only where the whole interval lies above {}; otherwise the cell says **tie** and \
         names both. Then its throughput over `{}` (\"seq\") and over `{}` (\"par-iter\": \
         collect, map in parallel, return at the end). **don't fan out**: the winner does \
         not beat `{}` by {} over its whole interval. \"-\": not measured (only \
         `sleep-100us` is swept past 16 workers). Every ratio and interval is in \
         `decision.csv`, every round in the bench's `decision.jsonl`.",
        format::times(WIN_ABOVE),
        rows::SEQUENTIAL_ROW,
        rows::RAYON_PAR_ITER,
        rows::SEQUENTIAL_ROW,
        format::times(WIN_ABOVE),
    );
    if let Some(drift) = drift_within_rounds(&table.cells) {
        legend.push_str(&format!(
            "\n\n**Drift.** Within this run a candidate's time moved by {:.0}% (the median \
             over every candidate) between its fastest and its slowest round; whole runs \
             minutes apart drift by as much, more than most leads judged here. Each round \
             times every candidate once, seconds apart, in an order rotated from round to \
             round, each built afresh and warmed by one run, so a ratio within a round \
             carries little of that drift.",
            drift * 100.0
        ));
    }
    if let Some(statement) = results
        .machine
        .oversubscription(table.workers.iter().copied().max())
    {
        legend.push_str("\n\n**Past the cores:** ");
        legend.push_str(&statement);
    }
    if !table.unmeasured_workloads.is_empty() {
        let names: Vec<String> = table
            .unmeasured_workloads
            .iter()
            .map(|name| format!("`{name}`"))
            .collect();
        legend.push_str(&format!(
            " Not measured in this run, so left out: {}.",
            names.join(", ")
        ));
    }
    legend
}

/// One line of `decision.csv`.
#[derive(Serialize)]
struct DecisionRow<'a> {
    workload: &'a str,
    workers: usize,
    rounds: usize,
    advice: &'static str,
    winner: &'a str,
    winner_capacity: Option<usize>,
    winner_nanos_per_item: f64,
    call: &'static str,
    runner_up: Option<&'a str>,
    runner_up_capacity: Option<usize>,
    #[serde(flatten)]
    lead: Ends,
    #[serde(flatten)]
    over_own_default: Ends,
    #[serde(flatten)]
    speed_up: Ends,
    #[serde(flatten)]
    over_static_split: Ends,
    #[serde(flatten)]
    over_rayon_par_iter: Ends,
}

fn row<'a>(cell: &'a DecisionCell, verdict: &CellVerdict<'a>) -> DecisionRow<'a> {
    let ends = |name, ratio: Option<PairedRatio>| Ends(name, ratio.map(Interval::from));
    DecisionRow {
        workload: &cell.workload,
        workers: cell.workers,
        rounds: verdict.winner.nanos_per_item.len(),
        advice: advice(verdict),
        winner: &verdict.winner.row,
        winner_capacity: verdict.winner.capacity,
        winner_nanos_per_item: verdict.winner.median(),
        call: if verdict.wins() { "win" } else { "tie" },
        runner_up: verdict.runner_up.map(|runner_up| runner_up.row.as_str()),
        runner_up_capacity: verdict.runner_up.and_then(|runner_up| runner_up.capacity),
        lead: ends("lead", verdict.lead),
        over_own_default: ends("over_own_default", verdict.over_own_default),
        speed_up: ends("speed_up", verdict.over_sequential),
        over_static_split: ends("over_static_split", verdict.over_static_split),
        over_rayon_par_iter: ends("over_rayon_par_iter", verdict.over_rayon_par_iter),
    }
}

/// `decision.csv`: one line per measured cell of the table.
pub(crate) fn csv(results: &Results) -> Result<Table, serde_json::Error> {
    let table = decision_table(results);
    let rows: Vec<DecisionRow<'_>> = table
        .verdicts()
        .map(|(cell, verdict)| row(cell, &verdict))
        .collect();
    table_of(&rows)
}

#[cfg(test)]
mod tests {
    use fanout_harness::Provenance;
    use fanout_harness::measure::Candidate;

    use super::*;

    fn cell(candidates: &[(&str, Option<usize>, f64)]) -> DecisionCell {
        // Three rounds whose times drift together, so each ratio has no width.
        DecisionCell {
            workload: String::from("spin-10us"),
            workers: 2,
            items: 100,
            candidates: candidates
                .iter()
                .map(|&(row, capacity, nanos)| Candidate {
                    row: row.to_owned(),
                    capacity,
                    nanos_per_item: vec![nanos, nanos * 1.1, nanos * 0.9],
                })
                .collect(),
            provenance: Provenance::current().clone(),
        }
    }

    #[test]
    fn a_cell_names_the_winner_its_configuration_its_lead_and_the_baselines() {
        let ahead = cell(&[
            ("flume", None, 200.0),
            ("crossbeam", Some(64), 100.0),
            ("sequential", None, 200.0),
            ("rayon-par-iter", None, 50.0),
        ]);
        let verdict = CellVerdict::of(&ahead).unwrap();
        assert_eq!(
            cell_text(&verdict),
            "`crossbeam, capacity 64`<br>2x over `flume`<br>2x seq, 0.5x par-iter"
        );
        assert_eq!(advice(&verdict), "fan out");
        let tied = cell(&[
            ("flume", None, 103.0),
            ("crossbeam", None, 100.0),
            ("sequential", None, 200.0),
        ]);
        assert_eq!(
            cell_text(&CellVerdict::of(&tied).unwrap()),
            "tie: `crossbeam`, `flume`<br>1.03x<br>2x seq"
        );
    }

    #[test]
    fn a_cell_whose_winner_does_not_clear_sequential_says_not_to_fan_out() {
        let slow = cell(&[("crossbeam", None, 100.0), ("sequential", None, 103.0)]);
        let verdict = CellVerdict::of(&slow).unwrap();
        assert_eq!(advice(&verdict), "don't fan out");
        assert_eq!(
            cell_text(&verdict),
            "**don't fan out**<br>best `crossbeam`: 1.03x seq"
        );
    }

    #[test]
    fn the_drift_is_the_median_spread_between_a_candidates_rounds() {
        let cell = cell(&[("crossbeam", None, 100.0), ("flume", None, 200.0)]);
        let drift = drift_within_rounds(&[&cell]).unwrap();
        assert!((drift - (1.1 / 0.9 - 1.0)).abs() < 1e-9);
        assert_eq!(drift_within_rounds(&[]), None);
    }
}
