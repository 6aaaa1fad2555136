//! The comparison's figures, derived from the measurements, as a table, markdown, CSV or
//! JSON-lines records.

use std::fmt::Write as _;
use std::time::Duration;

use fanout_harness::measure::{DecisionCell, Ideal, Interval, Scaling, coefficient_of_variation};
use fanout_harness::rows::SEQUENTIAL;
use fanout_harness::{Provenance, Record, Subject, format, logical_cores};

use super::Settings;
use super::measure::Measured;
use super::verdict::{cells, marked, rule, verdict_lines};

/// How the table is printed.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub(crate) enum Format {
    /// Aligned columns for a terminal.
    Table,
    /// A GitHub-flavoured markdown table.
    Markdown,
    /// Comma-separated values with a header line.
    Csv,
}

/// One row of the table.
struct Line<'a> {
    measured: &'a Measured,
    items_per_second: f64,
    /// Worker time per item beyond the work itself: elapsed x min(workers, cores) / items,
    /// less sequential's time per item; the median round's, between the quartile rounds'.
    overhead_ns: Interval,
    scaling: Scaling,
    fairness_cv: f64,
    best: bool,
}

/// The comparison, ready to print.
pub(crate) struct Report<'a> {
    settings: &'a Settings,
    lines: Vec<Line<'a>>,
    /// One decision cell per worker count: the mark and the verdict lines both read them.
    decided: Vec<DecisionCell>,
}

const HEADERS: [&str; 10] = [
    "engine",
    "workers",
    "items/s",
    "overhead ns/item",
    "speed-up",
    "efficiency",
    "p50 latency",
    "p99 latency",
    "fairness CV",
    "best",
];

impl<'a> Report<'a> {
    pub(crate) fn new(settings: &'a Settings, measured: &'a [Measured]) -> Result<Self, String> {
        let sequential = measured
            .iter()
            .find(|m| m.row.name == SEQUENTIAL)
            .ok_or("the comparison has no sequential run to compare with")?;
        let (sequential_first, sequential_third) = sequential.quartiles();
        let sequential_median = sequential.median();
        let cores = logical_cores();
        let ideal = Ideal::of(settings.workload);
        let mut lines: Vec<Line<'a>> = measured
            .iter()
            .map(|m| {
                let items = m.items as f64;
                // The workers' time per item: on CPU work as many as can run at once, on
                // waiting work every worker.
                let effective = ideal.parallelism(m.workers, cores) as f64;
                let overhead = |ours: Duration, theirs: Duration| {
                    (nanos(ours) * effective - nanos(theirs)) / items
                };
                let (first, third) = m.quartiles();
                Line {
                    measured: m,
                    items_per_second: items / m.median().as_secs_f64().max(f64::MIN_POSITIVE),
                    overhead_ns: Interval {
                        value: overhead(m.median(), sequential_median),
                        low: overhead(first, sequential_third),
                        high: overhead(third, sequential_first),
                    },
                    scaling: Scaling::of(sequential_median, m.median(), m.workers, cores, ideal),
                    fairness_cv: coefficient_of_variation(&m.per_worker),
                    best: false,
                }
            })
            .collect();
        // The mark is the verdict's: the engine it names, none where it says not to fan out.
        let decided = cells(settings.workload, measured);
        for (workers, winner) in marked(&decided) {
            for line in &mut lines {
                let m = line.measured;
                line.best |= m.workers == workers && m.row.name == winner;
            }
        }
        Ok(Report {
            settings,
            lines,
            decided,
        })
    }

    fn cells(line: &Line<'_>) -> [String; 10] {
        let m = line.measured;
        [
            m.row.name.to_owned(),
            m.workers.to_string(),
            format::si(line.items_per_second),
            overhead_cell(line.overhead_ns),
            format!("{:.2}", line.scaling.speed_up),
            format!("{:.2}", line.scaling.efficiency),
            format::duration(m.latency.p50 as f64),
            format::duration(m.latency.p99 as f64),
            format!("{:.3}", line.fairness_cv),
            if line.best { "*".into() } else { String::new() },
        ]
    }

    /// The report in `format`.
    pub(crate) fn render(&self, format: Format) -> String {
        let rows: Vec<[String; 10]> = self.lines.iter().map(Self::cells).collect();
        match format {
            Format::Csv => {
                let mut out = HEADERS.join(",") + "\n";
                for row in rows {
                    out += &(row.join(",") + "\n");
                }
                out
            }
            Format::Markdown => {
                let mut out = format!("{}\n\n", self.title());
                out += &format!("| {} |\n", HEADERS.join(" | "));
                out += &format!("|{}\n", "---|".repeat(HEADERS.len()));
                for row in rows {
                    out += &format!("| {} |\n", row.join(" | "));
                }
                out + &format!("\n{}\n", self.footer())
            }
            Format::Table => {
                let mut widths = HEADERS.map(str::len);
                for row in &rows {
                    for (width, cell) in widths.iter_mut().zip(row) {
                        *width = (*width).max(cell.chars().count());
                    }
                }
                let mut out = format!("{}\n\n", self.title());
                let mut line = |cells: &[String]| {
                    let mut text = String::new();
                    for (index, (cell, width)) in cells.iter().zip(widths).enumerate() {
                        // The engine's name reads left to right; figures line up right.
                        if index == 0 {
                            let _ = write!(text, "{cell:<width$}  ");
                        } else {
                            let _ = write!(text, "{cell:>width$}  ");
                        }
                    }
                    out += text.trim_end();
                    out.push('\n');
                };
                line(&HEADERS.map(String::from));
                for row in &rows {
                    line(row);
                }
                out + &format!("\n{}\n", self.footer())
            }
        }
    }

    fn title(&self) -> String {
        let s = self.settings;
        let capacity = s
            .capacity
            .map_or_else(|| String::from("2 x workers"), |c| c.to_string());
        format!(
            "fanout compare: workload {}, {} items per run, capacity {capacity}",
            s.workload, s.items
        )
    }

    fn footer(&self) -> String {
        let rounds = self
            .lines
            .iter()
            .map(|l| l.measured.rounds.len())
            .max()
            .unwrap_or(0);
        let verdicts = verdict_lines(&self.decided);
        let verdicts = if verdicts.is_empty() {
            String::new()
        } else {
            format!(
                "Verdict (the README's decision table's rule: {}):\n{}\n\n",
                rule(),
                verdicts
                    .iter()
                    .map(|line| format!("- {line}"))
                    .collect::<Vec<_>>()
                    .join("\n")
            )
        };
        verdicts
            + &format!(
                "* = the engine the verdict names at that worker count (none where it says not \
             to fan out). Each configuration was timed once in each of {rounds} rounds, in an \
             order rotated from round to round; items/s is the median round's; speed-up is \
             over `sequential`; \
             efficiency = speed-up / {}; overhead is worker time per item beyond the work \
             itself (~0: none beyond the spread of the rounds); latency is from an item leaving \
             the input to its result reaching the consumer; fairness CV is the spread of \
             items over workers (0 = even).\nMachine: {}",
                Ideal::of(self.settings.workload).formula(),
                Provenance::current().summary()
            )
    }

    /// Every figure as a JSON-lines record.
    pub(crate) fn records(&self) -> Vec<Record> {
        let mut records = Vec::new();
        for line in &self.lines {
            let m = line.measured;
            let subject = Subject {
                engine: m.row.name.to_owned(),
                workload: self.settings.workload.to_string(),
                workers: m.workers,
                capacity: m.capacity,
                payload: self.settings.workload.payload_bytes(),
                items: m.items,
            };
            let figures = [
                ("items_per_second", line.items_per_second, "items/s"),
                ("ns_per_item", nanos(m.median()) / m.items as f64, "ns"),
                ("overhead_ns_per_item", line.overhead_ns.value, "ns"),
                ("overhead_ns_per_item_low", line.overhead_ns.low, "ns"),
                ("overhead_ns_per_item_high", line.overhead_ns.high, "ns"),
                ("speed_up", line.scaling.speed_up, "ratio"),
                ("efficiency", line.scaling.efficiency, "ratio"),
                ("latency_p50", m.latency.p50 as f64, "ns"),
                ("latency_p90", m.latency.p90 as f64, "ns"),
                ("latency_p99", m.latency.p99 as f64, "ns"),
                ("latency_p999", m.latency.p999 as f64, "ns"),
                ("latency_max", m.latency.max as f64, "ns"),
                ("fairness_cv", line.fairness_cv, "ratio"),
            ];
            for (metric, value, unit) in figures {
                records.push(subject.record(metric, value, unit));
            }
            if let Some(cpu) = m.median_cpu_per_item() {
                records.push(subject.record("cpu_seconds_per_item", cpu, "s"));
            }
            if let Some(rss) = m.peak_rss {
                records.push(subject.record("peak_rss", rss as f64, "bytes"));
            }
            for (index, &count) in m.per_worker.iter().enumerate() {
                let mut record = subject.record("worker_items", count as f64, "items");
                record.worker = Some(index + 1);
                records.push(record);
            }
        }
        records
    }
}

/// An overhead as the table shows it: `~0` where the spread of the rounds reaches zero, so
/// that noise never reads as a negative cost.
fn overhead_cell(overhead: Interval) -> String {
    if overhead.low <= 0.0 {
        String::from("~0")
    } else {
        format!("{:.0}", overhead.value)
    }
}

fn nanos(duration: Duration) -> f64 {
    duration.as_nanos() as f64
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::compare::verdict::tests::measured;

    #[test]
    fn the_table_marks_the_engine_the_verdict_names_and_shows_no_negative_overhead() {
        let runs = [
            measured(SEQUENTIAL, 1, &[95.0, 100.0, 105.0]),
            measured("rayon-par-iter", 2, &[30.0, 31.0, 32.0]),
            measured("crossbeam", 2, &[48.0, 50.0, 52.0]),
            measured("flume", 2, &[70.0, 75.0, 80.0]),
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
        let report = Report::new(&settings, &runs).unwrap();
        let csv = report.render(Format::Csv);
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
        let table = report.render(Format::Table);
        assert!(
            table.contains("- noop at 2 workers: crossbeam, 1.5x (1.46-1.54x) over flume"),
            "the verdict names the marked engine: {table}"
        );
    }
}
