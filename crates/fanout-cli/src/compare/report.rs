//! The comparison's figures, derived from the measurements, as a table, markdown, CSV or
//! JSON-lines records.

use std::fmt::Write as _;
use std::time::Duration;

use fanout_harness::measure::{Ideal, Scaling, coefficient_of_variation};
use fanout_harness::rows::SEQUENTIAL;
use fanout_harness::{Provenance, Record, Subject, format, logical_cores};

use super::Settings;
use super::measure::Measured;
use super::verdict::verdict_lines;

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
    /// less sequential's time per item.
    overhead_ns: f64,
    scaling: Scaling,
    fairness_cv: f64,
    best: bool,
}

/// The comparison, ready to print.
pub(crate) struct Report<'a> {
    settings: &'a Settings,
    lines: Vec<Line<'a>>,
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
            .ok_or("the comparison has no sequential run to compare with")?
            .median;
        let cores = logical_cores();
        let ideal = Ideal::of(settings.workload);
        let mut lines: Vec<Line<'a>> = measured
            .iter()
            .map(|m| {
                let items = m.items as f64;
                // The workers' time per item: on CPU work as many as can run at once, on
                // waiting work every worker.
                let effective = ideal.parallelism(m.workers, cores) as f64;
                Line {
                    measured: m,
                    items_per_second: items / m.median.as_secs_f64().max(f64::MIN_POSITIVE),
                    overhead_ns: nanos(m.median) * effective / items - nanos(sequential) / items,
                    scaling: Scaling::of(sequential, m.median, m.workers, cores, ideal),
                    fairness_cv: coefficient_of_variation(&m.per_worker),
                    best: false,
                }
            })
            .collect();
        for workers in lines.iter().map(|l| l.measured.workers).collect::<Vec<_>>() {
            let best = lines
                .iter()
                .enumerate()
                .filter(|(_, l)| l.measured.workers == workers)
                .max_by(|(_, a), (_, b)| a.items_per_second.total_cmp(&b.items_per_second))
                .map(|(index, _)| index);
            if let Some(index) = best {
                lines[index].best = true;
            }
        }
        Ok(Report { settings, lines })
    }

    fn cells(line: &Line<'_>) -> [String; 10] {
        let m = line.measured;
        [
            m.row.name.to_owned(),
            m.workers.to_string(),
            format::si(line.items_per_second),
            format!("{:.0}", line.overhead_ns),
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
        let runs: usize = self.lines.iter().map(|l| l.measured.runs).sum();
        let measured: Vec<Measured> = self.lines.iter().map(|l| l.measured.clone()).collect();
        let verdicts = verdict_lines(&self.settings.workload.to_string(), &measured);
        let verdicts = if verdicts.is_empty() {
            String::new()
        } else {
            format!(
                "Verdict (items/s with the interquartile range of the runs; a tie when the \
                 ranges overlap):\n{}\n\n",
                verdicts
                    .iter()
                    .map(|line| format!("- {line}"))
                    .collect::<Vec<_>>()
                    .join("\n")
            )
        };
        verdicts
            + &format!(
                "* = most items/s at that worker count. Median of {runs} runs in all; speed-up is \
             over `sequential`; efficiency = speed-up / {}; overhead is worker \
             time per item beyond the work itself; latency is from an item leaving the input \
             to its result reaching the consumer; fairness CV is the spread of items over \
             workers (0 = even).\nMachine: {}",
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
                ("ns_per_item", nanos(m.median) / m.items as f64, "ns"),
                ("overhead_ns_per_item", line.overhead_ns, "ns"),
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
            if let Some(cpu) = m.cpu_per_item {
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

fn nanos(duration: Duration) -> f64 {
    duration.as_nanos() as f64
}
