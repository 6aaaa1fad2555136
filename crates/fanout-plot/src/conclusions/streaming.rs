//! What streaming costs: the best streaming engine against `rayon-par-iter`, which
//! collects its input and hands results over only at the end, on every workload.

use crate::conclusions::{Finding, Verdict};
use crate::data::Results;
use crate::data::group::Group;
use crate::data::interval::Interval;
use crate::data::rows;
use crate::format;

/// One workload's comparison.
struct Gap {
    workload: String,
    workers: usize,
    engine: &'static str,
    engine_rate: Interval,
    batch_rate: Interval,
}

impl Gap {
    /// Batch throughput over the best streaming engine's, with its interval.
    fn ratio(&self) -> Interval {
        self.batch_rate.over(self.engine_rate)
    }

    fn verdict(&self) -> Verdict {
        Verdict::of_ratio(self.ratio())
    }
}

/// The finding.
pub(crate) fn finding(results: &Results) -> Finding {
    let heading = format!("What streaming costs against `{}`", rows::RAYON_PAR_ITER);
    let gaps = gaps(results);
    if gaps.is_empty() {
        return Finding {
            heading,
            paragraphs: vec![format!(
                "No throughput group measured `{}` beside the engines: run `cargo bench --bench throughput`.",
                rows::RAYON_PAR_ITER
            )],
        };
    }
    let lines: Vec<String> = gaps.iter().map(line).collect();
    let costly: Vec<&Gap> = gaps
        .iter()
        .filter(|gap| gap.verdict() == Verdict::Better)
        .collect();
    let by_ratio = |a: &&Gap, b: &&Gap| a.ratio().value.total_cmp(&b.ratio().value);
    let mut summary = format!(
        "`{}` collects the whole input, maps it in parallel and hands the results over at the \
         end: no hand-off per item, but every item in memory at once and the first result \
         only after the last. Against the best streaming engine at workers = cores on {}, \
         batch is faster beyond the noise (the intervals apart) on {} of {} workloads.",
        rows::RAYON_PAR_ITER,
        results.machine.phrase(),
        costly.len(),
        gaps.len()
    );
    if let (Some(largest), Some(smallest)) = (
        gaps.iter().max_by(|a, b| by_ratio(a, b)),
        gaps.iter().min_by(|a, b| by_ratio(a, b)),
    ) {
        summary.push_str(&format!(
            " Streaming costs most on `{}` (batch {} the best engine's throughput) and least \
             on `{}` ({}).",
            largest.workload,
            format::times(largest.ratio().value),
            smallest.workload,
            format::times(smallest.ratio().value)
        ));
    }
    Finding {
        heading,
        paragraphs: vec![summary, lines.join("\n")],
    }
}

fn line(gap: &Gap) -> String {
    let verdict_text = match gap.verdict() {
        Verdict::Better => format!("batch is {} faster", gap.ratio().times()),
        Verdict::Tie => format!(
            "a tie ({}, the intervals overlap): streaming costs nothing measurable",
            gap.ratio().times()
        ),
        Verdict::Worse => format!("streaming is {} faster", gap.ratio().inverse().times()),
    };
    format!(
        "- **{}** ({} workers): `{}` {} items/s against `{}` {} items/s: {verdict_text}.",
        gap.workload,
        gap.workers,
        rows::RAYON_PAR_ITER,
        gap.batch_rate.written(format::si),
        gap.engine,
        gap.engine_rate.written(format::si)
    )
}

/// Every workload with `rayon-par-iter` and at least one engine at workers = cores.
fn gaps(results: &Results) -> Vec<Gap> {
    results
        .workloads()
        .into_iter()
        .filter_map(|workload| {
            let group = Group::Throughput(workload.clone());
            let batch = results.at_cores(&group, rows::RAYON_PAR_ITER)?;
            let (engine, best) = rows::engines()
                .filter_map(|engine| Some((engine, results.at_cores(&group, engine)?)))
                .max_by(|a, b| a.1.items_per_second().total_cmp(&b.1.items_per_second()))?;
            Some(Gap {
                workload,
                workers: batch.workers,
                engine,
                engine_rate: best.rate(),
                batch_rate: batch.rate(),
            })
        })
        .collect()
}
