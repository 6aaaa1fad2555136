//! The results folder's README: provenance, what the run lacks, the conclusions, a
//! summary table per workload, the charts and the data files, all generated.

use std::fmt::Write as _;

use crate::charts::Outcome;
use crate::conclusions::{Finding, TIE_RULE, findings, list, seed};
use crate::data::Results;
use crate::data::group::Group;
use crate::data::rows;
use crate::data::timing::Timing;
use crate::format;
use crate::input::ADAPTIVE_TARGETS_FILE;
use crate::output::{answers, bimodal, decision, markdown};

/// What each CSV file holds, for the README's last section.
const DATA_FILES: [(&str, &str); 14] = [
    (
        "decision.csv",
        "the decision table: per workload and worker count (the `decision` bench, in rounds), the winning engine and capacity, win or tie, its lead over the next engine, over its own default capacity, over `sequential`, `static-split` and `rayon-par-iter`, each the median ratio within rounds with its interval, and the advice",
    ),
    (
        "throughput.csv",
        "every row on every workload and worker count: median run time, items/s, ns/item, speed-up and efficiency against the ideal named beside it, each with its 95% interval, and the bimodal flag with its two modes",
    ),
    (
        "capacity.csv",
        "every row at each queue capacity (noop, workers = cores), with intervals and the bimodal flag",
    ),
    (
        "payload.csv",
        "every row at each item size (workers = cores), with intervals and the bimodal flag",
    ),
    (
        "startup.csv",
        "each engine's time to its first result, new and warm, with its interval and the bimodal flag",
    ),
    (
        "async.csv",
        "every row of the async bench on every workload and concurrency (futures in progress for async rows, threads for blocking rows): median run time and items/s with their 95% intervals, and on `async-sleep-1ms` Little's law's ideal for the async rows, concurrency over the mean timer sleep, and each one's share of it",
    ),
    (
        "distributed.csv",
        "fanout-nats against in-process `crossbeam` and `sequential` per workload and worker-process count: items/s of each, NATS over crossbeam, NATS's time per item above crossbeam's and its efficiency; each the median of the bench's runs, without an interval",
    ),
    (
        "contract_cost.csv",
        "each engine's ns/item against its primitive's `*-reference` row, from criterion's medians: both figures and the ratio with their intervals (the ratio's pairs each end with the other's opposite end, so it is wider than a paired interval)",
    ),
    (
        "contract_paired.csv",
        "each engine and its primitive's reference loop timed in alternating pairs: the median ratio and its 95% interval",
    ),
    (
        "efficiency_capacity.csv",
        "efficiency by queue capacity: every streaming row on spin-10us at workers = cores, from the default capacity to 256; the interval's ends are empty where the bench records none (it times each point once)",
    ),
    (
        "latency.csv",
        "p50/p90/p99/p99.9/max per row and loop, with the offered load in items/s and as a fraction of the row's own throughput; each percentile comes from one histogram of one run, so it has no interval",
    ),
    (
        "measures.csv",
        "items/s, CPU seconds per item, peak RSS (n/a where the platform cannot measure them) and fairness CV per row and workload, each from one measured set of runs, so without an interval",
    ),
    (
        "worker_items.csv",
        "the items each worker took, and its share",
    ),
    (
        "overview.csv",
        "every engine's figure per scenario and its ratio to the best",
    ),
];

/// The README's markdown.
pub(crate) fn pages(results: &Results, outcomes: &[Outcome], files: &[&str]) -> Pages {
    let findings = findings(results);
    let mut readme = String::new();
    header(&mut readme, results);
    readme.push_str(&answers::first_screen(results, &findings));
    readme.push_str(&decision::section(results));
    adaptive_targets(&mut readme, results);
    provenance(&mut readme, results);
    lacking(&mut readme, results, outcomes);
    let mut appendix = format!(
        "# fanout: measured results, the appendix\n\nThe figures behind [the README]\
         ({README_FILE})'s answers: each question's verdict, the seed in Go, every \
         workload's rows, the charts and the data files.\n\n"
    );
    appendix.push_str(&bimodal::section(results));
    conclusions(&mut appendix, &findings);
    go_section(&mut appendix, results);
    summaries(&mut appendix, results);
    charts(&mut appendix, outcomes);
    data(&mut appendix, files);
    contents(&mut readme, &appendix);
    Pages { readme, appendix }
}

/// The results folder's two pages.
pub(crate) struct Pages {
    /// `README.md`: the machine, the plain answers, the decision table, provenance.
    pub(crate) readme: String,
    /// `APPENDIX.md`: everything else.
    pub(crate) appendix: String,
}

/// The README's page.
pub(crate) const README_FILE: &str = "README.md";

/// The appendix's page.
pub(crate) const APPENDIX_FILE: &str = "APPENDIX.md";

/// The README's last section: a link to each of the appendix's sections and their
/// questions.
fn contents(readme: &mut String, appendix: &str) {
    let _ = writeln!(readme, "## In the appendix\n");
    for line in appendix.lines() {
        let (indent, heading) = match (line.strip_prefix("## "), line.strip_prefix("### ")) {
            (Some(heading), _) => ("", heading),
            (_, Some(heading)) => ("  ", heading),
            _ => continue,
        };
        let _ = writeln!(
            readme,
            "{indent}- [{heading}]({APPENDIX_FILE}#{})",
            answers::anchor(heading)
        );
    }
    readme.push('\n');
}

fn header(page: &mut String, results: &Results) {
    let machine = &results.machine;
    let _ = writeln!(page, "# fanout: measured results\n");
    let _ = writeln!(
        page,
        "Measured on **{}**, {}, {} at commit `{}`: absolute times hold only there, ratios \
         between rows of one run travel better. `cargo bench` then `scripts/plot.sh` make \
         your own; every verdict here is computed from the bench output. {TIE_RULE}\n",
        machine.phrase(),
        machine.provenance.os,
        machine.days(),
        machine.commits.join("`, `")
    );
}

fn provenance(page: &mut String, results: &Results) {
    let machine = &results.machine;
    let provenance = &machine.provenance;
    let _ = writeln!(page, "## Provenance\n");
    if !machine.from_records {
        let _ = writeln!(
            page,
            "The bench output holds no harness records (`fanout/*.jsonl`), and criterion's \
             files carry no provenance: the machine below is the one that drew the charts.\n"
        );
    }
    let crates: Vec<String> = provenance
        .crates
        .iter()
        .map(|(name, version)| format!("{name} {version}"))
        .collect();
    let mut workers: Vec<usize> = results
        .timings
        .iter()
        .filter(|timing| matches!(timing.group, Group::Throughput(_)))
        .map(|timing| timing.workers)
        .collect();
    workers.sort_unstable();
    workers.dedup();
    let rows_of_table = [
        ("commit", machine.commits.join(", ")),
        ("compiler", provenance.rustc.clone()),
        ("compared crates", crates.join(", ")),
        ("CPU", provenance.cpu.clone()),
        ("logical cores", machine.cores().to_string()),
        ("operating system", provenance.os.clone()),
        ("measured", machine.days()),
        ("criterion benchmarks", results.timings.len().to_string()),
        (
            "worker counts swept",
            workers
                .iter()
                .map(usize::to_string)
                .collect::<Vec<_>>()
                .join(", "),
        ),
    ];
    let rows: Vec<Vec<String>> = rows_of_table
        .into_iter()
        .map(|(name, value)| vec![name.to_owned(), value])
        .collect();
    let _ = writeln!(page, "{}\n", markdown::table(&["", ""], &rows));
    if let Some(&most) = workers.last()
        && most <= machine.cores()
    {
        let _ = writeln!(
            page,
            "The throughput sweep stops at {most} workers, no more than the cores: a short \
             pass (`FANOUT_QUICK=1`). The full `cargo bench` goes past the cores, where \
             oversubscription shows.\n"
        );
    }
}

fn lacking(page: &mut String, results: &Results, outcomes: &[Outcome]) {
    let missing: Vec<String> = outcomes
        .iter()
        .filter_map(|outcome| match outcome {
            Outcome::Missing(chart, reason) => Some(format!("- `{}`: {reason}.", chart.file)),
            Outcome::Drawn(_) => None,
        })
        .collect();
    if missing.is_empty() && results.stale.is_empty() {
        return;
    }
    let _ = writeln!(page, "## What this run lacks\n");
    if !missing.is_empty() {
        let _ = writeln!(page, "Charts not drawn, for want of their data:\n");
        let _ = writeln!(page, "{}\n", missing.join("\n"));
    }
    if !results.stale.is_empty() {
        const SHOWN: usize = 8;
        let shown: Vec<String> = results
            .stale
            .iter()
            .take(SHOWN)
            .map(|id| format!("`{id}`"))
            .collect();
        let more = results.stale.len().saturating_sub(SHOWN);
        let _ = writeln!(
            page,
            "{} criterion benchmarks were left out as left over from an earlier run (over an \
             hour older than the rest of their group): {}{}.\n",
            results.stale.len(),
            shown.join(", "),
            if more > 0 {
                format!(" and {more} more")
            } else {
                String::new()
            }
        );
    }
}

fn conclusions(page: &mut String, findings: &[Finding]) {
    let _ = writeln!(page, "## Conclusions\n");
    for finding in findings {
        let _ = writeln!(page, "### {}\n", finding.heading);
        for paragraph in finding.paragraphs.iter().filter(|text| !text.is_empty()) {
            let _ = writeln!(page, "{paragraph}\n");
        }
    }
}

/// The adaptive engine's targets: the `batching` bench judges them from its own paired
/// figures, so the README links its page and quotes its tally.
fn adaptive_targets(page: &mut String, results: &Results) {
    let _ = writeln!(page, "## adaptive's targets\n");
    match &results.adaptive_targets {
        Some(targets) => {
            let _ = writeln!(
                page,
                "The `batching` bench times `adaptive` against each row its targets name in \
                 alternating pairs and judges every target from the pairs' 95% interval: \
                 [`{ADAPTIVE_TARGETS_FILE}`]({ADAPTIVE_TARGETS_FILE}). {}\n",
                targets.summary
            );
        }
        None => {
            let _ = writeln!(
                page,
                "The `batching` bench was not run, so adaptive's targets are not judged: \
                 `cargo bench --bench batching` writes them.\n"
            );
        }
    }
}

fn go_section(page: &mut String, results: &Results) {
    let section = seed::go::section(results);
    let _ = writeln!(page, "## {}\n", section.heading);
    for paragraph in &section.paragraphs {
        let _ = writeln!(page, "{paragraph}\n");
    }
}

fn summaries(page: &mut String, results: &Results) {
    let workloads = results.workloads();
    if workloads.is_empty() {
        return;
    }
    let _ = writeln!(page, "## Summary per workload\n");
    let _ = writeln!(
        page,
        "Each row at workers = cores (`sequential` at 1) against the fastest engine (bold): \
         relative 0.50 is half its items per second; items/s with their 95% interval; the \
         last column is the row's best over the worker sweep.\n"
    );
    for workload in workloads {
        summary(
            page,
            results,
            &Group::Throughput(workload.clone()),
            &workload,
        );
    }
}

fn summary(page: &mut String, results: &Results, group: &Group, workload: &str) {
    let measured: Vec<_> = results
        .rows_in(group)
        .into_iter()
        .filter_map(|row| results.at_cores(group, row).map(|timing| (row, timing)))
        .collect();
    let winner = measured
        .iter()
        .filter(|(row, _)| rows::is_engine(row))
        .max_by(|a, b| a.1.items_per_second().total_cmp(&b.1.items_per_second()));
    let Some(&(winner, winning)) = winner else {
        return;
    };
    // The runner-up ties with the winner when their intervals overlap: then the table's
    // order between them is noise, and the verdict says so.
    let tied: Vec<String> = measured
        .iter()
        .filter(|(row, timing)| {
            *row != winner && rows::is_engine(row) && timing.rate().overlaps(&winning.rate())
        })
        .map(|(row, _)| format!("`{row}`"))
        .collect();
    let ties = if tied.is_empty() {
        String::new()
    } else {
        format!(", tied with {} (intervals overlap)", list(&tied))
    };
    let table: Vec<Vec<String>> = measured
        .iter()
        .map(|(row, timing)| {
            let scaling = results.scaling(timing);
            let peak = results
                .in_group(group)
                .filter(|other| other.row == *row)
                .max_by(|a, b| a.items_per_second().total_cmp(&b.items_per_second()));
            vec![
                if *row == winner {
                    format!("**`{row}`**")
                } else {
                    format!("`{row}`")
                },
                rows::kind_label(row).to_owned(),
                timing.workers.to_string(),
                rate_cell(timing),
                format!(
                    "{:.2}",
                    timing.items_per_second() / winning.items_per_second()
                ),
                scaling.map_or_else(String::new, |s| format::significant(s.speed_up)),
                scaling.map_or_else(String::new, |s| format::significant(s.efficiency)),
                peak.map_or_else(String::new, |peak| {
                    format!(
                        "{} ({})",
                        format::si(peak.items_per_second()),
                        format::workers(peak.workers)
                    )
                }),
            ]
        })
        .collect();
    let header = [
        "row",
        "kind",
        "workers",
        "items/s",
        "relative",
        "speed-up",
        "efficiency",
        "best over the sweep",
    ];
    let _ = writeln!(
        page,
        "### `{workload}` ({} items a run)\n\n{}\n\n**Verdict:** fastest at {}: `{winner}`, {} items/s{ties}.\n",
        winning.items,
        markdown::table(&header, &table),
        format::workers(winning.workers),
        rate_cell(winning)
    );
}

/// Items per second with its 95% interval, `1.2M (1.1M-1.3M)`, and `bimodal` where the
/// samples fell in two groups (the README's bimodal list gives them).
pub(crate) fn rate_cell(timing: &Timing) -> String {
    let rate = timing.rate();
    let mut cell = if rate.has_width() {
        format!(
            "{} ({}-{})",
            format::si(rate.value),
            format::si(rate.low),
            format::si(rate.high)
        )
    } else {
        format::si(rate.value)
    };
    if timing.modes.is_some() {
        cell.push_str(", bimodal");
    }
    cell
}

fn charts(page: &mut String, outcomes: &[Outcome]) {
    let drawn: Vec<_> = outcomes
        .iter()
        .filter_map(|outcome| match outcome {
            Outcome::Drawn(chart) => Some(chart),
            Outcome::Missing(..) => None,
        })
        .collect();
    if drawn.is_empty() {
        return;
    }
    let _ = writeln!(page, "## Charts\n");
    for chart in drawn {
        let _ = writeln!(page, "### {}\n", chart.title);
        let _ = writeln!(page, "![{}]({})\n", chart.title, chart.file);
        let _ = writeln!(page, "{}\n", chart.about);
    }
}

fn data(page: &mut String, files: &[&str]) {
    if files.is_empty() {
        return;
    }
    let _ = writeln!(page, "## The data\n");
    let _ = writeln!(
        page,
        "Every timed figure has its spread beside it: `_low` and `_high` columns (or \
         `_95_low` and `_95_high`) hold the ends of its 95% interval, criterion's bootstrap \
         interval of the median for criterion's groups and the paired runs' interval for \
         the `contract` bench. A bimodal figure's interval is stretched \
         over its two modes, which its `bimodal_*_mode` columns give. Figures measured once \
         are said to be below.\n"
    );
    let rows: Vec<Vec<String>> = files
        .iter()
        .map(|file| {
            let about = DATA_FILES
                .iter()
                .find(|(name, _)| name == file)
                .map_or("", |(_, about)| about);
            vec![format!("[`{file}`]({file})"), about.to_owned()]
        })
        .collect();
    let _ = writeln!(
        page,
        "{}",
        markdown::table(&["file", "what it holds"], &rows)
    );
}
