//! The decision table, first in the README and as `decision.csv`: for each kind of work
//! and worker count, the engine to use, its lead, and whether fanning out pays at all.

use serde::Serialize;

use crate::data::Results;
use crate::data::decision::{Cell, DecisionTable, decision_table};
use crate::data::rows;
use crate::format;
use crate::output::csv::Table;
use crate::output::csv_rows::{Ends, table_of};
use crate::output::markdown;

/// What a cell advises, in a word or two, for the CSV.
fn advice(cell: &Cell) -> &'static str {
    match cell.decision.map(|decision| decision.fan_out) {
        None => "not measured",
        Some(None) => "no sequential run",
        Some(Some(true)) => "fan out",
        Some(Some(false)) => "don't fan out",
    }
}

/// One cell as markdown: short, the legend says the rest.
fn cell_text(cell: &Cell) -> String {
    let Some(decision) = cell.decision else {
        return String::from("not measured");
    };
    let engine = |name: &str| format!("`{name}`");
    let mut against = Vec::new();
    if let Some(speed_up) = decision.over_sequential {
        against.push(format!("{} seq", format::times(speed_up.value)));
    }
    if let Some(rayon) = cell.over_rayon_par_iter {
        against.push(format!("{} rayon", format::times(rayon.value)));
    }
    let against = against.join(", ");
    if decision.fan_out == Some(false) {
        format!(
            "**don't fan out**<br>best {}: {against}",
            engine(decision.winner)
        )
    } else {
        format!(
            "{} {}<br>{against}",
            engine(decision.winner),
            decision.margin_phrase(engine)
        )
    }
}

/// The README's section: the table, then its legend.
pub(crate) fn section(results: &Results) -> String {
    let table = decision_table(results);
    let mut text = String::from("## Which engine to use\n\n");
    if table.workloads.is_empty() {
        text.push_str(
            "No throughput group of the table's workloads was measured: run `cargo bench \
             --bench throughput`.\n\n",
        );
        return text;
    }
    let cores = results.cores();
    let column = |workers: usize| {
        let multiple = workers / cores.max(1);
        match (workers, workers % cores.max(1)) {
            (1, _) => String::from("1 worker"),
            (_, 0) if multiple == 1 => format!("{workers} (cores)"),
            (_, 0) => format!("{workers} ({multiple} x cores)"),
            _ => workers.to_string(),
        }
    };
    let mut header = vec![String::from("work per item")];
    header.extend(table.workers.iter().map(|&w| column(w)));
    let rows: Vec<Vec<String>> = table
        .workloads
        .iter()
        .map(|workload| {
            let mut cells = vec![format!("`{workload}`")];
            cells.extend(table.workers.iter().map(|&workers| {
                table
                    .cell(workload, workers)
                    .map_or_else(|| String::from("not measured"), cell_text)
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

fn legend(results: &Results, table: &DecisionTable) -> String {
    let mut legend = format!(
        "Each cell: the streaming engine with the most items per second at that worker \
         count, its lead over the runner-up (the ratio and its interval, both 95% intervals \
         with opposite ends paired; \"tie with\" where they overlap), then its throughput \
         over `{}` (\"seq\", one worker) and over `{}` (\"rayon\", collect, map in \
         parallel, return at the end). **don't fan out**: no streaming engine's interval \
         lies wholly above `{}`'s, so one thread is as fast. Every interval is in \
         `decision.csv`.",
        rows::SEQUENTIAL_ROW,
        rows::RAYON_PAR_ITER,
        rows::SEQUENTIAL_ROW,
    );
    if let Some(statement) = results
        .machine
        .oversubscription(table.workers.iter().copied().max())
    {
        legend.push_str("\n\n**The machine:** ");
        legend.push_str(&statement);
    }
    if !table.unmeasured_workers.is_empty() {
        let counts: Vec<String> = table
            .unmeasured_workers
            .iter()
            .map(usize::to_string)
            .collect();
        legend.push_str(&format!(
            " Not measured in this run: {} workers.",
            counts.join(", ")
        ));
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
    advice: &'static str,
    winner: Option<&'a str>,
    #[serde(flatten)]
    winner_items_per_second: Ends,
    runner_up: Option<&'a str>,
    ties_with_runner_up: Option<bool>,
    #[serde(flatten)]
    margin: Ends,
    #[serde(flatten)]
    speed_up: Ends,
    #[serde(flatten)]
    over_rayon_par_iter: Ends,
}

fn row(cell: &Cell) -> DecisionRow<'_> {
    let decision = cell.decision;
    let margin = decision.and_then(|decision| decision.margin);
    DecisionRow {
        workload: &cell.workload,
        workers: cell.workers,
        advice: advice(cell),
        winner: decision.map(|decision| decision.winner),
        winner_items_per_second: Ends(
            "winner_items_per_second",
            decision.map(|decision| decision.rate),
        ),
        runner_up: margin.map(|margin| margin.runner_up),
        ties_with_runner_up: margin
            .map(|margin| margin.verdict != fanout_harness::measure::Verdict::Better),
        margin: Ends("margin", margin.map(|margin| margin.ratio)),
        speed_up: Ends(
            "speed_up",
            decision.and_then(|decision| decision.over_sequential),
        ),
        over_rayon_par_iter: Ends("over_rayon_par_iter", cell.over_rayon_par_iter),
    }
}

/// `decision.csv`: one line per cell of the table.
pub(crate) fn csv(results: &Results) -> Result<Table, serde_json::Error> {
    let table = decision_table(results);
    let rows: Vec<DecisionRow<'_>> = table.cells.iter().map(row).collect();
    table_of(&rows)
}

#[cfg(test)]
mod tests {
    use fanout_harness::measure::Decision;

    use crate::data::interval::Interval;

    use super::*;

    fn rate(value: f64) -> Interval {
        Interval {
            value,
            low: value * 0.9,
            high: value * 1.1,
        }
    }

    fn cell(candidates: &[(&'static str, Interval)], sequential: f64) -> Cell {
        Cell {
            workload: String::from("spin-10us"),
            workers: 2,
            decision: Decision::of(candidates, Some(rate(sequential))),
            over_rayon_par_iter: Some(rate(0.5)),
        }
    }

    #[test]
    fn a_cell_names_the_winner_its_lead_and_the_baselines() {
        let ahead = cell(&[("flume", rate(100.0)), ("crossbeam", rate(200.0))], 100.0);
        assert_eq!(
            cell_text(&ahead),
            "`crossbeam` 2x (1.64-2.44x) over `flume`<br>2x seq, 0.5x rayon"
        );
        assert_eq!(advice(&ahead), "fan out");
        let tied = cell(&[("flume", rate(190.0)), ("crossbeam", rate(200.0))], 100.0);
        assert_eq!(
            cell_text(&tied),
            "`crossbeam` tie with `flume`<br>2x seq, 0.5x rayon"
        );
    }

    #[test]
    fn a_cell_where_no_engine_clears_sequential_says_not_to_fan_out() {
        // 1.15x sequential in the middle, but the intervals overlap.
        let slow = cell(&[("flume", rate(100.0)), ("crossbeam", rate(115.0))], 100.0);
        assert_eq!(advice(&slow), "don't fan out");
        assert_eq!(
            cell_text(&slow),
            "**don't fan out**<br>best `crossbeam`: 1.15x seq, 0.5x rayon"
        );
        let empty = Cell {
            decision: None,
            ..slow
        };
        assert_eq!(cell_text(&empty), "not measured");
        assert_eq!(advice(&empty), "not measured");
    }
}
