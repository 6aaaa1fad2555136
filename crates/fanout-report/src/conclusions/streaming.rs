//! What streaming costs: the best streaming engine against `rayon-par-iter`, which
//! collects its input and hands results over only at the end, on every workload.

use crate::conclusions::{Finding, Verdict};
use crate::data::Results;
use crate::data::group::Group;
use crate::data::interval::Interval;
use crate::data::rows;
use crate::format;
use crate::output::markdown;

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

/// The finding: one row per workload, and where streaming costs most and least.
pub(crate) fn finding(results: &Results) -> Finding {
    let heading = format!("What streaming costs against `{}`", rows::RAYON_PAR_ITER);
    let gaps = gaps(results);
    if gaps.is_empty() {
        return Finding::lacking(
            heading,
            &format!(
                "No throughput group measured `{}` beside the engines: run `cargo bench --bench throughput`.",
                rows::RAYON_PAR_ITER
            ),
        );
    }
    let rows: Vec<Vec<String>> = gaps
        .iter()
        .map(|gap| {
            let verdict = match gap.verdict() {
                Verdict::Better => "batch faster",
                Verdict::Tie => "tie: streaming costs nothing measurable",
                Verdict::Worse => "streaming faster",
            };
            vec![
                format!("`{}`", gap.workload),
                gap.workers.to_string(),
                gap.batch_rate.written(format::si),
                format!("`{}`", gap.engine),
                gap.engine_rate.written(format::si),
                gap.ratio().times_short(),
                verdict.to_owned(),
            ]
        })
        .collect();
    let header = [
        "workload",
        "workers",
        &format!("`{}` items/s", rows::RAYON_PAR_ITER),
        "best streaming engine",
        "its items/s",
        "batch over streaming",
        "verdict",
    ];
    let costly = gaps
        .iter()
        .filter(|gap| gap.verdict() == Verdict::Better)
        .count();
    let by_ratio = |a: &&Gap, b: &&Gap| a.ratio().value.total_cmp(&b.ratio().value);
    let mut verdict = format!(
        "**Verdict:** batch is faster beyond the noise on {costly} of {} workloads",
        gaps.len()
    );
    if let (Some(largest), Some(smallest)) =
        (gaps.iter().max_by(by_ratio), gaps.iter().min_by(by_ratio))
    {
        verdict.push_str(&format!(
            "; streaming costs most on `{}` ({}), least on `{}` ({})",
            largest.workload,
            format::times(largest.ratio().value),
            smallest.workload,
            format::times(smallest.ratio().value)
        ));
    }
    verdict.push('.');
    Finding {
        heading,
        paragraphs: vec![
            format!(
                "`{}` collects the whole input, maps it in parallel and returns at the end: \
                 no hand-off per item, but every item in memory and the first result only \
                 after the last. Against the best streaming engine at workers = cores:",
                rows::RAYON_PAR_ITER
            ),
            markdown::table(&header, &rows),
            verdict,
        ],
    }
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
