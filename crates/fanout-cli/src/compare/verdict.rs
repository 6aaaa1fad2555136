//! The comparison's verdicts: per worker count, one line naming the engine to use, its
//! lead over the runner-up and its speed-up over `sequential`, or saying not to fan out,
//! decided by the harness's [`CellVerdict`] from the rounds, the rule of the README's
//! decision table.

use fanout_harness::format;
use fanout_harness::measure::{Candidate, CellVerdict, DecisionCell, Interval, WIN_ABOVE};
use fanout_harness::rows::{RowKind, SEQUENTIAL};
use fanout_harness::{Provenance, Workload};

use super::measure::Measured;

/// The rule, in a sentence, for the footer.
pub(crate) fn rule() -> String {
    format!(
        "a lead is the median over the rounds of the ratio of two engines' times within a \
         round, with its 95% interval, and a win only where the whole interval lies above \
         {}; otherwise a tie; don't fan out where the best engine does not beat \
         sequential so",
        format::times(WIN_ABOVE)
    )
}

/// One cell per worker count at which an engine was measured, in the order measured:
/// `sequential` and every row at that count, each with its time per item in every round.
pub(crate) fn cells(workload: Workload, measured: &[Measured]) -> Vec<DecisionCell> {
    let sequential = measured.iter().find(|m| m.row.name == SEQUENTIAL);
    let mut workers: Vec<usize> = Vec::new();
    for m in measured.iter().filter(|m| m.row.kind == RowKind::Engine) {
        if !workers.contains(&m.workers) {
            workers.push(m.workers);
        }
    }
    workers
        .into_iter()
        .map(|count| {
            let at_count = measured
                .iter()
                .filter(|m| m.workers == count && m.row.name != SEQUENTIAL);
            DecisionCell {
                workload: workload.to_string(),
                workers: count,
                items: measured.first().map_or(0, |m| m.items),
                candidates: sequential
                    .into_iter()
                    .chain(at_count)
                    .map(|m| Candidate {
                        row: m.row.name.to_owned(),
                        capacity: None,
                        nanos_per_item: m.nanos_per_item(),
                    })
                    .collect(),
                provenance: Provenance::current().clone(),
            }
        })
        .collect()
}

/// The engine each cell names, with its worker count; none where the cell says not to
/// fan out: the table's mark.
pub(crate) fn marked(cells: &[DecisionCell]) -> Vec<(usize, String)> {
    cells
        .iter()
        .filter_map(|cell| {
            let verdict = CellVerdict::of(cell)?;
            (verdict.fan_out() != Some(false)).then(|| (cell.workers, verdict.winner.row.clone()))
        })
        .collect()
}

/// One line per cell.
pub(crate) fn verdict_lines(cells: &[DecisionCell]) -> Vec<String> {
    cells
        .iter()
        .filter_map(|cell| Some(line(cell, &CellVerdict::of(cell)?)))
        .collect()
}

fn line(cell: &DecisionCell, verdict: &CellVerdict<'_>) -> String {
    let shape = format!("{} at {}", cell.workload, format::workers(cell.workers));
    let short = |ratio| Interval::from(ratio).times_short();
    let speed_up = verdict
        .over_sequential
        .map(|speed_up| format!("{} sequential", short(speed_up)));
    let winner = verdict.winner.label();
    match (verdict.fan_out(), speed_up) {
        (Some(false), Some(speed_up)) => format!(
            "{shape}: don't fan out: the best engine, {winner}, does not beat sequential by \
             {} over its whole interval (it runs {speed_up})",
            format::times(WIN_ABOVE)
        ),
        (_, speed_up) => {
            let lead = match (verdict.runner_up, verdict.lead) {
                (Some(runner_up), Some(lead)) if verdict.wins() => {
                    format!("{} over {}", short(lead), runner_up.label())
                }
                (Some(runner_up), Some(lead)) => {
                    format!("tie with {} ({})", runner_up.label(), short(lead))
                }
                _ => String::from("no runner-up"),
            };
            format!(
                "{shape}: {winner}, {lead}; {}",
                speed_up.unwrap_or_else(|| String::from("sequential not measured"))
            )
        }
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use std::time::Duration;

    use fanout_harness::measure::Percentiles;
    use fanout_harness::rows::Row;

    use super::*;

    /// A configuration whose rounds took `millis`, in the rounds' order.
    pub(crate) fn measured(name: &str, workers: usize, millis: &[f64]) -> Measured {
        Measured {
            row: Row::named(name).unwrap(),
            workers,
            capacity: 2 * workers,
            items: 1_000,
            rounds: millis
                .iter()
                .map(|ms| Duration::from_secs_f64(ms / 1e3))
                .collect(),
            latency: Percentiles {
                p50: 0,
                p90: 0,
                p99: 0,
                p999: 0,
                max: 0,
            },
            per_worker: vec![0; workers],
            cpu_per_item: Vec::new(),
            peak_rss: None,
        }
    }

    fn lines(workload: &str, runs: &[Measured]) -> Vec<String> {
        verdict_lines(&cells(workload.parse().unwrap(), runs))
    }

    #[test]
    fn a_winner_beyond_the_spread_is_named_with_its_lead() {
        let runs = [
            measured(SEQUENTIAL, 1, &[95.0, 100.0, 105.0]),
            measured("crossbeam", 2, &[48.0, 50.0, 52.0]),
            measured("flume", 2, &[70.0, 75.0, 80.0]),
        ];
        let lines = lines("spin-10us", &runs);
        assert_eq!(lines.len(), 1);
        assert!(
            lines[0]
                .starts_with("spin-10us at 2 workers: crossbeam, 1.5x (1.46-1.54x) over flume; 2x"),
            "{}",
            lines[0]
        );
    }

    #[test]
    fn leads_within_the_rule_tie_and_no_gain_says_not_to_fan_out() {
        let runs = [
            measured(SEQUENTIAL, 1, &[9.0, 10.0, 11.0]),
            measured("crossbeam", 2, &[9.0, 10.0, 12.0]),
            measured("flume", 2, &[10.0, 11.0, 12.0]),
            measured("crossbeam", 4, &[2.0, 3.0, 4.0]),
            // 1.05x, 1.1x and 0.975x crossbeam's time, round by round: a tie.
            measured("flume", 4, &[2.1, 3.3, 3.9]),
        ];
        let lines = lines("noop", &runs);
        assert!(
            lines[0].starts_with("noop at 2 workers: don't fan out: the best engine, crossbeam"),
            "{}",
            lines[0]
        );
        assert!(
            lines[1].starts_with("noop at 4 workers: crossbeam, tie with flume (1.05x"),
            "{}",
            lines[1]
        );
    }

    #[test]
    fn a_lead_is_judged_round_by_round_not_across_the_rounds() {
        // The machine slows down over the rounds, so the two ranges overlap, but flume is
        // 1.2x crossbeam's time in every round.
        let runs = [
            measured(SEQUENTIAL, 1, &[20.0, 30.0, 40.0]),
            measured("crossbeam", 2, &[10.0, 15.0, 20.0]),
            measured("flume", 2, &[12.0, 18.0, 24.0]),
        ];
        let lines = lines("spin-10us", &runs);
        assert!(
            lines[0].starts_with("spin-10us at 2 workers: crossbeam, 1.2x over flume; 2x"),
            "{}",
            lines[0]
        );
    }
}
