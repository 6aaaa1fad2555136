//! "Individual result channels ... preventing blocking": `seed-layout` (one result
//! channel and one forwarder thread per worker) against `std-mpsc` (one shared result
//! channel), the same primitive otherwise.

use crate::conclusions::{Finding, Verdict, list, spread};
use crate::data::Results;
use crate::data::group::Group;
use crate::data::interval::Interval;
use crate::data::latency::Pacing;
use crate::data::rows::{SEED_LAYOUT, STD_MPSC};
use crate::format;

/// The finding.
pub(crate) fn finding(results: &Results) -> Finding {
    let heading = String::from(
        "The seed's claim: \"each worker has its own result channel, preventing blocking\"",
    );
    let ratios: Vec<(String, Interval)> = results
        .workloads()
        .into_iter()
        .filter_map(|workload| {
            let group = Group::Throughput(workload.clone());
            let seed = results.at_cores(&group, SEED_LAYOUT)?;
            let shared = results.at_cores(&group, STD_MPSC)?;
            Some((workload, seed.rate().over(shared.rate())))
        })
        .collect();
    if ratios.is_empty() {
        return Finding {
            heading,
            paragraphs: vec![format!(
                "No throughput group measured both `{SEED_LAYOUT}` and `{STD_MPSC}`: run \
                 `cargo bench --bench throughput`."
            )],
        };
    }
    let values: Vec<f64> = ratios.iter().map(|&(_, ratio)| ratio.value).collect();
    let count = |wanted: Verdict| {
        ratios
            .iter()
            .filter(|&&(_, ratio)| Verdict::of_ratio(ratio) == wanted)
            .count()
    };
    let (faster, ties, slower) = (
        count(Verdict::Better),
        count(Verdict::Tie),
        count(Verdict::Worse),
    );
    let mut text = format!(
        "`{SEED_LAYOUT}` is the seed's design as written: one result channel and one \
         forwarder thread per worker. `{STD_MPSC}` is the same primitive with one result \
         channel shared by all workers. On {} at workers = cores, `{SEED_LAYOUT}`'s \
         throughput is {} `{STD_MPSC}`'s over {} workloads: faster on {faster}, a tie \
         (intervals overlapping) on {ties}, slower on {slower}.",
        results.machine.phrase(),
        spread(&values),
        ratios.len(),
    );
    let worst = ratios.iter().min_by(|a, b| a.1.value.total_cmp(&b.1.value));
    if let Some((workload, ratio)) = worst
        && Verdict::of_ratio(*ratio) == Verdict::Worse
    {
        text.push_str(&format!(
            " The gap is widest on `{workload}` ({}).",
            ratio.times()
        ));
    }
    if let (Some(seed), Some(shared)) = (
        closed_loop_p99(results, SEED_LAYOUT),
        closed_loop_p99(results, STD_MPSC),
    ) {
        text.push_str(&format!(
            " Closed-loop p99 latency: {} against {}.",
            format::duration(seed),
            format::duration(shared)
        ));
    }
    let verdict_text = if slower > faster + ties {
        format!(
            "The claim does not hold here: every result takes an extra hop through a \
             forwarder thread, and that costs more than a shared channel's contention \
             ({}).",
            list(&workloads_where(&ratios, Verdict::Worse))
        )
    } else if faster > slower + ties {
        format!(
            "The claim holds here: separate result channels beat one shared channel on {}.",
            list(&workloads_where(&ratios, Verdict::Better))
        )
    } else {
        String::from(
            "Neither way wins clearly: the measurements neither support nor refute the claim.",
        )
    };
    Finding {
        heading,
        paragraphs: vec![text, verdict_text],
    }
}

fn workloads_where(ratios: &[(String, Interval)], wanted: Verdict) -> Vec<String> {
    ratios
        .iter()
        .filter(|&&(_, ratio)| Verdict::of_ratio(ratio) == wanted)
        .map(|(workload, ratio)| format!("`{workload}` {}", ratio.times()))
        .collect()
}

fn closed_loop_p99(results: &Results, row: &str) -> Option<f64> {
    let run = results.latency_of(row)?.pacing(Pacing::Closed)?;
    Some(run.percentiles.p99 as f64)
}
