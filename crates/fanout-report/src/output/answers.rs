//! The page's first screen: the machine in one line, then plain answers, each with its
//! figure and its condition, read from the decision table's verdicts (the one place those
//! figures are computed) and quoting the first verdict of the async and distributed findings.

use fanout_harness::Workload;
use fanout_harness::measure::{CellVerdict, DecisionCell, PairedRatio};

use crate::conclusions::Finding;
use crate::data::Results;
use crate::data::decision::decision_table;
use crate::data::interval::Interval;
use crate::format;
use crate::output::readme::APPENDIX_FILE;

/// The machine in one line: its cores and CPU, and what a wake-up costs on it.
fn machine_line(results: &Results) -> String {
    let provenance = &results.machine.provenance;
    let wake_up = results.wake_up.as_ref().map_or_else(
        || String::from("the wake-up of a sleeping thread was not measured (`cargo bench --bench decision` measures it)"),
        |wake_up| {
            format!(
                "waking a sleeping thread takes {} (median of {} round trips), the price of \
                 every hand-off that finds its receiver asleep",
                format::duration(wake_up.nanos),
                wake_up.round_trips
            )
        },
    );
    format!(
        "**The machine:** {} logical cores ({}); {wake_up}.",
        provenance.cores, provenance.cpu
    )
}

/// A ratio short, with its interval.
fn short(ratio: PairedRatio) -> String {
    Interval::from(ratio).times_short()
}

/// What the decision table says about `workload` at `workers`, as a clause: the engine
/// and its lead, and its throughput over `sequential`.
fn advice(cell: &DecisionCell) -> Option<String> {
    let verdict = CellVerdict::of(cell)?;
    let over_sequential = verdict.over_sequential.map_or_else(String::new, |ratio| {
        format!(", {} `sequential`'s throughput", short(ratio))
    });
    if verdict.fan_out() == Some(false) {
        return Some(
            format!(
                "don't fan out: the best engine, `{}`, reaches {}",
                verdict.winner.label(),
                verdict
                    .over_sequential
                    .map_or_else(|| String::from("no more than"), short),
            ) + " `sequential`'s throughput",
        );
    }
    let lead = match (verdict.runner_up, verdict.lead) {
        (Some(runner_up), Some(lead)) if verdict.wins() => {
            format!(", {} faster than `{}`", short(lead), runner_up.label())
        }
        (Some(runner_up), Some(lead)) => {
            format!(" (a tie with `{}`, {})", runner_up.label(), short(lead))
        }
        _ => String::new(),
    };
    Some(format!(
        "`{}`{lead}{over_sequential}",
        verdict.winner.label()
    ))
}

/// The plain answers, as a list.
pub(crate) fn first_screen(results: &Results, findings: &[Finding]) -> String {
    let table = decision_table(results);
    let cores = results.cores();
    let widest = |workload: &str| {
        table
            .cells
            .iter()
            .filter(|cell| cell.workload == workload)
            .map(|cell| cell.workers)
            .max()
    };
    let at = |workload: Workload, workers: usize| {
        table
            .cell(&workload.to_string(), workers)
            .and_then(advice)
            .map(|advice| format!("at {} {advice}", format::workers(workers)))
    };
    let sleep = Workload::Sleep(std::time::Duration::from_micros(100));
    let questions: [(&str, Option<String>); 5] = [
        (
            "Short CPU items (1 µs each)",
            at(Workload::Spin(std::time::Duration::from_micros(1)), cores),
        ),
        (
            "Longer CPU items (10 µs each)",
            at(Workload::Spin(std::time::Duration::from_micros(10)), cores),
        ),
        ("Blocking items (a 100 µs call each)", at(sleep, cores)),
        (
            "Many blocking workers",
            widest(&sleep.to_string())
                .filter(|&widest| widest > cores)
                .and_then(|widest| at(sleep, widest)),
        ),
        (
            "Items with no work at all (`noop`)",
            at(Workload::Noop, cores),
        ),
    ];
    let mut text = machine_line(results);
    text.push_str("\n\n");
    for (question, answer) in questions {
        let answer = answer.unwrap_or_else(|| {
            String::from("not measured in this run (`cargo bench --bench decision`)")
        });
        text.push_str(&format!("- **{question}:** {answer}.\n"));
    }
    for (question, heading) in [
        ("Async or threads for I/O", "Threads or async"),
        ("When to distribute", "Where distribution pays"),
    ] {
        if let Some(finding) = findings
            .iter()
            .find(|finding| finding.heading.starts_with(heading))
        {
            let verdict = finding
                .paragraphs
                .iter()
                .find_map(|paragraph| paragraph.strip_prefix("**Verdict:** "))
                .unwrap_or("see its section");
            text.push_str(&format!(
                "- **{question}** ([{}]({APPENDIX_FILE}#{})): {verdict}\n",
                finding.heading,
                anchor(&finding.heading)
            ));
        }
    }
    text.push('\n');
    text
}

/// GitHub's anchor for a heading: lower case, spaces as hyphens, other punctuation
/// dropped.
pub(crate) fn anchor(heading: &str) -> String {
    heading
        .to_lowercase()
        .chars()
        .filter_map(|c| match c {
            ' ' => Some('-'),
            '-' | '_' => Some(c),
            c if c.is_alphanumeric() => Some(c),
            _ => None,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use fanout_harness::Provenance;
    use fanout_harness::measure::Candidate;

    use super::*;

    fn cell(candidates: &[(&str, f64)]) -> DecisionCell {
        DecisionCell {
            workload: String::from("spin-1us"),
            workers: 2,
            items: 100,
            candidates: candidates
                .iter()
                .map(|&(row, nanos)| Candidate {
                    row: row.to_owned(),
                    capacity: None,
                    nanos_per_item: vec![nanos, nanos * 1.2, nanos * 0.8],
                })
                .collect(),
            provenance: Provenance::current().clone(),
        }
    }

    #[test]
    fn an_answer_names_the_engine_its_lead_and_its_speed_up() {
        let ahead = cell(&[
            ("crossbeam", 100.0),
            ("flume", 150.0),
            ("sequential", 180.0),
        ]);
        assert_eq!(
            advice(&ahead).unwrap(),
            "`crossbeam`, 1.5x faster than `flume`, 1.8x `sequential`'s throughput"
        );
        let slow = cell(&[("crossbeam", 100.0), ("sequential", 50.0)]);
        assert_eq!(
            advice(&slow).unwrap(),
            "don't fan out: the best engine, `crossbeam`, reaches 0.5x `sequential`'s throughput"
        );
    }

    #[test]
    fn anchors_are_githubs() {
        assert_eq!(
            anchor("Threads or async for I/O-bound fan-out"),
            "threads-or-async-for-io-bound-fan-out"
        );
        assert_eq!(
            anchor("Where distribution pays: NATS worker processes"),
            "where-distribution-pays-nats-worker-processes"
        );
    }
}
