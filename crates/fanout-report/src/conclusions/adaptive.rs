//! The adaptive engine's section: its targets judged, what batching buys per workload and
//! what it costs, as tables with one-line verdicts, every figure from the bench output.

use crate::conclusions::{Finding, list};
use crate::data::Results;
use crate::data::adaptive::costs::{Against, Cost, costs};
use crate::data::adaptive::gains::{Gain, gains};
use crate::data::adaptive::targets::{TargetPart, TargetRow, targets};
use crate::data::interval::Interval;
use crate::data::target::{Target, TargetVerdict};
use crate::format;
use crate::output::markdown;

/// What a missing figure reads as, in every table of the section.
pub(crate) const NOT_MEASURED: &str = "not measured in this run";

/// The section: a heading and its paragraphs, subheadings and tables included.
pub(crate) fn section(results: &Results) -> Finding {
    let mut paragraphs = vec![format!(
        "`adaptive` (crate `fanout-adaptive`) hands off batches that size themselves during \
         the run. A target is met when the whole 95% interval meets it, missed when the \
         whole interval misses it, otherwise not settled. Ratios from the `batching` bench \
         are medians of paired runs; ratios of two criterion rows pair the opposite ends \
         of their intervals, which only makes a verdict more cautious."
    )];
    paragraphs.extend(targets_part(&targets(results)));
    paragraphs.extend(gains_part(results));
    paragraphs.extend(costs_part(&costs(results)));
    Finding {
        heading: String::from("The adaptive engine: what batching buys"),
        paragraphs,
    }
}

fn targets_part(targets: &[TargetRow]) -> Vec<String> {
    let rows: Vec<Vec<String>> = targets
        .iter()
        .map(|target| {
            let (figure, verdict) = match target.verdict() {
                Some(verdict) => (target_figure(target), format!("**{verdict}**")),
                None => (
                    format!("`cargo bench --bench {}`", target.bench),
                    NOT_MEASURED.to_owned(),
                ),
            };
            vec![target.claim.clone(), figure, verdict]
        })
        .collect();
    let count = |wanted: Option<TargetVerdict>| {
        targets
            .iter()
            .filter(|target| target.verdict() == wanted)
            .count()
    };
    let tally = format!(
        "**Verdict:** of {} targets, {} met, {} missed, {} not settled, {} {NOT_MEASURED}.",
        targets.len(),
        count(Some(TargetVerdict::Met)),
        count(Some(TargetVerdict::Missed)),
        count(Some(TargetVerdict::NotSettled)),
        count(None)
    );
    vec![
        String::from("### The targets"),
        markdown::table(&["target", "figure (95% interval)", "verdict"], &rows),
        tally,
    ]
}

/// A target's figure: its one part, or the part that decides with where it was
/// measured; then what the run lacks and any note.
fn target_figure(target: &TargetRow) -> String {
    let written = |part: &TargetPart| {
        let mut text = part.figure.written(|value| target.scale.write(value));
        if !part.figure.has_width() {
            text.push_str(" (no interval)");
        }
        text
    };
    let mut figure = match target.parts.as_slice() {
        [only] => written(only),
        parts => {
            let worst = target.worst().unwrap_or(&parts[0]);
            let place = match (worst.workers, &worst.against) {
                (Some(workers), Some(against)) => {
                    format!(" at {}, against `{against}`", format::workers(workers))
                }
                (Some(workers), None) => format!(" at {}", format::workers(workers)),
                _ => String::new(),
            };
            let workers = parts.iter().filter_map(|part| part.workers);
            let range = match (workers.clone().min(), workers.max()) {
                (Some(fewest), Some(most)) => format!(" ({fewest} to {most})"),
                _ => String::new(),
            };
            format!(
                "worst of {} worker counts{range} {}{place}",
                parts.len(),
                written(worst)
            )
        }
    };
    if target.measure.starts_with("peak memory") {
        // The flat target's threshold depends on the first peak: say what it came to.
        let allowed = format::times(target.target.threshold());
        figure.push_str(&format!(", allowed {allowed}"));
    }
    for lacking in &target.lacking {
        figure.push_str(&format!("; {lacking}"));
    }
    if let Some(note) = &target.note {
        figure.push_str(&format!("; {note}"));
    }
    figure
}

fn gains_part(results: &Results) -> Vec<String> {
    let (gains, unmeasured) = gains(results);
    let mut part = vec![String::from("### What batching buys, per workload")];
    if gains.is_empty() {
        part.push(format!(
            "`adaptive` in the throughput groups: {NOT_MEASURED} (`cargo bench --bench throughput`)."
        ));
        return part;
    }
    let rows: Vec<Vec<String>> = gains
        .iter()
        .map(|gain| {
            let (best, over_best) = gain.over_best.map_or_else(
                || (NOT_MEASURED.to_owned(), String::new()),
                |(engine, ratio)| (format!("`{engine}`"), ratio.times()),
            );
            vec![
                format!("`{}`", gain.workload),
                gain.workers.to_string(),
                format::si(gain.items_per_second),
                best,
                over_best,
                gain.over_rayon_par_iter
                    .map_or_else(|| NOT_MEASURED.to_owned(), |ratio| ratio.times()),
            ]
        })
        .collect();
    part.push(markdown::table(
        &[
            "workload",
            "workers",
            "`adaptive` items/s",
            "best per-item engine",
            "`adaptive`'s throughput over it",
            "over `rayon-par-iter`'s",
        ],
        &rows,
    ));
    part.push(gains_verdict(&gains, &unmeasured));
    part
}

/// `Against the best per-item engine, faster on a and b; slower on c; not told apart on d.`
fn gains_verdict(gains: &[Gain], unmeasured: &[String]) -> String {
    let mut sides: [(&str, Vec<String>); 3] = [
        ("faster on", Vec::new()),
        ("slower on", Vec::new()),
        ("not told apart by the intervals on", Vec::new()),
    ];
    for gain in gains {
        let Some((_, ratio)) = gain.over_best else {
            continue;
        };
        // Faster only when the whole interval is above 1, as for a target.
        let side = match Target::AtLeast(1.0).judge(&ratio) {
            TargetVerdict::Met => 0,
            TargetVerdict::Missed => 1,
            TargetVerdict::NotSettled => 2,
        };
        sides[side].1.push(format!("`{}`", gain.workload));
    }
    let said: Vec<String> = sides
        .iter()
        .filter(|(_, workloads)| !workloads.is_empty())
        .map(|(words, workloads)| format!("{words} {}", list(workloads)))
        .collect();
    let mut line = if said.is_empty() {
        format!("**Verdict:** against the best per-item engine, {NOT_MEASURED}.")
    } else {
        format!(
            "**Verdict:** against the best per-item engine, `adaptive` is {}.",
            said.join("; ")
        )
    };
    if !unmeasured.is_empty() {
        let names: Vec<String> = unmeasured.iter().map(|name| format!("`{name}`")).collect();
        line.push_str(&format!(" On {}: {NOT_MEASURED}.", list(&names)));
    }
    line
}

fn costs_part(costs: &[Cost]) -> Vec<String> {
    let mut rows = Vec::new();
    for cost in costs {
        let time = |interval: Interval| interval.written(format::duration);
        let Some(adaptive) = cost.adaptive else {
            let mut row = vec![cost.what.to_owned(), NOT_MEASURED.to_owned()];
            row.resize(6, String::new());
            rows.push(row);
            continue;
        };
        let against = |against: &Option<Against>| {
            against.map_or_else(
                || (NOT_MEASURED.to_owned(), String::new(), String::new()),
                |against| {
                    (
                        format!("`{}`", against.engine),
                        time(against.time),
                        against.ratio.times(),
                    )
                },
            )
        };
        let (_, crossbeam, over_crossbeam) = against(&cost.against_crossbeam);
        let crossbeam = if crossbeam.is_empty() {
            NOT_MEASURED.to_owned()
        } else {
            crossbeam
        };
        let (best, best_time, over_best) = against(&cost.against_best);
        let best = if best_time.is_empty() {
            best
        } else {
            format!("{best}, {best_time}")
        };
        rows.push(vec![
            cost.what.to_owned(),
            time(adaptive),
            crossbeam,
            over_crossbeam,
            best,
            over_best,
        ]);
    }
    let header = [
        "cost",
        "`adaptive`",
        "`crossbeam`",
        "`adaptive` over `crossbeam`",
        "best per-item engine",
        "`adaptive` over it",
    ];
    vec![
        String::from("### What it costs"),
        markdown::table(&header, &rows),
    ]
}
