//! The comparison's verdicts: per worker count, one line naming the engine to use, its
//! lead over the runner-up and its speed-up over `sequential`, or saying not to fan out,
//! decided by the harness's [`Decision`], the same rule as the README's decision table.

use std::time::Duration;

use fanout_harness::format;
use fanout_harness::measure::{Decision, Interval};
use fanout_harness::rows::{RowKind, SEQUENTIAL};

use super::measure::Measured;

/// Items per second: the median run's, between those of the third and first quartile
/// runs (the interquartile range of the timed runs).
pub(crate) fn rate(measured: &Measured) -> Interval {
    let items = measured.items as f64;
    let per_second = |elapsed: Duration| items / elapsed.as_secs_f64().max(f64::MIN_POSITIVE);
    let (first, third) = measured.quartiles;
    Interval {
        value: per_second(measured.median),
        low: per_second(third),
        high: per_second(first),
    }
}

/// One line per worker count at which an engine was measured, in the order measured.
pub(crate) fn verdict_lines(workload: &str, measured: &[Measured]) -> Vec<String> {
    decisions(measured)
        .iter()
        .map(|(count, decision)| line(workload, *count, decision))
        .collect()
}

/// The decision among the engines at each worker count one was measured at, in the order
/// measured: the one rule behind the verdict lines and the table's mark.
pub(crate) fn decisions(measured: &[Measured]) -> Vec<(usize, Decision<'static>)> {
    let sequential = measured.iter().find(|m| m.row.name == SEQUENTIAL).map(rate);
    let engines: Vec<&Measured> = measured
        .iter()
        .filter(|m| m.row.kind == RowKind::Engine)
        .collect();
    let mut workers: Vec<usize> = Vec::new();
    for m in &engines {
        if !workers.contains(&m.workers) {
            workers.push(m.workers);
        }
    }
    workers
        .into_iter()
        .filter_map(|count| {
            let candidates: Vec<(&'static str, Interval)> = engines
                .iter()
                .filter(|m| m.workers == count)
                .map(|m| (m.row.name, rate(m)))
                .collect();
            Some((count, Decision::of(&candidates, sequential)?))
        })
        .collect()
}

fn line(workload: &str, workers: usize, decision: &Decision<'_>) -> String {
    let shape = format!("{workload} at {}", format::workers(workers));
    let speed_up = decision
        .over_sequential
        .map(|speed_up| format!("{} sequential", speed_up.times_short()));
    match (decision.fan_out, speed_up) {
        (Some(false), Some(speed_up)) => format!(
            "{shape}: don't fan out: no engine beats sequential beyond the spread of its runs \
             (the best, {}, runs {speed_up})",
            decision.winner
        ),
        (_, speed_up) => format!(
            "{shape}: {}, {}{}",
            decision.winner,
            decision.margin_phrase(str::to_owned),
            speed_up.map_or_else(
                || String::from("; sequential not measured"),
                |speed_up| format!("; {speed_up}")
            )
        ),
    }
}

#[cfg(test)]
mod tests {
    use fanout_harness::measure::Percentiles;
    use fanout_harness::rows::Row;

    use super::*;

    /// A configuration whose runs took `millis` (first quartile, median, third).
    fn measured(name: &str, workers: usize, millis: (u64, u64, u64)) -> Measured {
        let ms = Duration::from_millis;
        Measured {
            row: Row::named(name).unwrap(),
            workers,
            capacity: 2 * workers,
            items: 1_000,
            runs: 9,
            median: ms(millis.1),
            quartiles: (ms(millis.0), ms(millis.2)),
            latency: Percentiles {
                p50: 0,
                p90: 0,
                p99: 0,
                p999: 0,
                max: 0,
            },
            per_worker: vec![0; workers],
            cpu_per_item: None,
            peak_rss: None,
        }
    }

    #[test]
    fn a_winner_beyond_the_spread_is_named_with_its_lead() {
        let runs = [
            measured(SEQUENTIAL, 1, (95, 100, 105)),
            measured("crossbeam", 2, (48, 50, 52)),
            measured("flume", 2, (70, 75, 80)),
        ];
        let lines = verdict_lines("spin-10us", &runs);
        assert_eq!(lines.len(), 1);
        assert!(
            lines[0]
                .starts_with("spin-10us at 2 workers: crossbeam, 1.5x (1.35-1.67x) over flume; 2x"),
            "{}",
            lines[0]
        );
    }

    #[test]
    fn overlapping_runs_tie_and_no_gain_says_not_to_fan_out() {
        let runs = [
            measured(SEQUENTIAL, 1, (9, 10, 11)),
            measured("crossbeam", 2, (9, 10, 12)),
            measured("flume", 2, (10, 11, 12)),
            measured("crossbeam", 4, (2, 3, 4)),
            measured("flume", 4, (3, 4, 5)),
        ];
        let lines = verdict_lines("noop", &runs);
        assert!(
            lines[0].starts_with("noop at 2 workers: don't fan out: "),
            "{}",
            lines[0]
        );
        assert!(
            lines[1].starts_with("noop at 4 workers: crossbeam, tie with flume; "),
            "{}",
            lines[1]
        );
    }

    #[test]
    fn the_table_marks_the_engine_the_verdict_names_and_shows_no_negative_overhead() {
        use crate::compare::{Format, Settings, report::Report};

        let runs = [
            measured(SEQUENTIAL, 1, (95, 100, 105)),
            measured("rayon-par-iter", 2, (30, 31, 32)),
            measured("crossbeam", 2, (48, 50, 52)),
            measured("flume", 2, (70, 75, 80)),
        ];
        let settings = Settings {
            workload: "noop".parse().unwrap(),
            items: 1_000,
            items_asked: false,
            workers: vec![2],
            rows: Vec::new(),
            capacity: None,
            seconds: 30.0,
            format: Format::Csv,
            json: None,
        };
        let csv = Report::new(&settings, &runs).unwrap().render(Format::Csv);
        let rows: Vec<Vec<&str>> = csv
            .lines()
            .skip(1)
            .map(|l| l.split(',').collect())
            .collect();
        let marked: Vec<&str> = rows.iter().filter(|r| r[9] == "*").map(|r| r[0]).collect();
        assert_eq!(
            marked,
            ["crossbeam"],
            "the verdict's engine, not the faster baseline"
        );
        assert!(rows.iter().all(|r| !r[3].starts_with('-')), "{csv}");
        assert_eq!(
            rows[1][3], "~0",
            "rayon-par-iter's overhead is within the spread"
        );
    }
}
