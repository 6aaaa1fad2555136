//! Unbuffered channels: the seed's `make(chan Result)` is a rendezvous, capacity 0 here.
//! What buffering buys: each engine's throughput at capacity 16 and 1024 over capacity 0,
//! on noop, where hand-offs are all the work there is; then, with real work per item,
//! [`unbuffered_work`](super::unbuffered_work).

use fanout_harness::measure::median;

use crate::conclusions::{Finding, Verdict, list, spread};
use crate::data::Results;
use crate::data::group::Group;
use crate::data::interval::Interval;
use crate::data::rows;
use crate::format;

/// The finding.
pub(crate) fn finding(results: &Results) -> Finding {
    let heading =
        String::from("The seed's unbuffered channels: capacity 0 against buffered queues");
    let capacities = results.capacities();
    let buffered: Vec<usize> = capacities
        .iter()
        .copied()
        .filter(|&capacity| capacity > 0)
        .collect();
    if !capacities.contains(&0) || buffered.is_empty() {
        return Finding {
            heading,
            paragraphs: vec![String::from(
                "The capacity sweep lacks capacity 0 or a buffered capacity: run `cargo bench --bench capacity`.",
            )],
        };
    }
    let rendezvous = Group::Capacity(0);
    let mut paragraphs = vec![format!(
        "Go's unbuffered channels, which the seed uses for jobs and results, make every \
         hand-off wait for the other side: capacity 0 here (`tokio`'s channel cannot be 0 and \
         serves it as 1). On `noop` at {} workers on {}, raising the capacity multiplies \
         throughput as follows (capacity c over capacity 0):",
        results.cores(),
        results.machine.phrase()
    )];
    let mut lines = Vec::new();
    let mut medians = Vec::new();
    // Each engine's gain judged by its own interval, at every buffered capacity.
    let mut verdicts = Vec::new();
    for capacity in &buffered {
        let group = Group::Capacity(*capacity);
        let gains: Vec<(&str, Interval)> = rows::engines()
            .filter_map(|engine| {
                let slow = results.at_cores(&rendezvous, engine)?;
                let fast = results.at_cores(&group, engine)?;
                Some((engine, fast.rate().over(slow.rate())))
            })
            .collect();
        if gains.is_empty() {
            continue;
        }
        let values: Vec<f64> = gains.iter().map(|&(_, gain)| gain.value).collect();
        verdicts.extend(gains.iter().map(|&(_, gain)| Verdict::of_ratio(gain)));
        medians.push((*capacity, median(&values).unwrap_or(f64::NAN)));
        let each: Vec<String> = gains
            .iter()
            .map(|(engine, gain)| format!("`{engine}` {}", format::times(gain.value)))
            .collect();
        lines.push(format!(
            "- capacity {capacity}: {} across the engines; {}.",
            spread(&values),
            each.join(", ")
        ));
    }
    paragraphs.push(lines.join("\n"));
    let gains: Vec<String> = medians
        .iter()
        .map(|(capacity, gain)| format!("{} at capacity {capacity}", format::times(*gain)))
        .collect();
    if !medians.is_empty() {
        let summary = list(&gains);
        paragraphs.push(
            if verdicts.iter().all(|&verdict| verdict == Verdict::Better) {
                format!(
                    "Unbuffered channels cost throughput here, for every engine beyond the noise: \
                 against a rendezvous, the median \
                 engine moves {summary} the items per second when items carry no work."
                )
            } else if verdicts.iter().all(|&verdict| verdict == Verdict::Tie) {
                format!(
                    "Buffering changes little here: the median engine moves {summary} the items \
                 per second of a rendezvous, and every engine's interval overlaps the rendezvous's."
                )
            } else {
                format!(
                    "Buffering does not help throughout: the median engine moves {summary} the \
                 items per second of a rendezvous."
                )
            },
        );
    }
    paragraphs.extend(super::unbuffered_work::paragraphs(results));
    Finding {
        heading,
        paragraphs,
    }
}
