//! "Automatic load balancing": under `skewed` work, does a shared job queue keep every
//! worker busy? A worker left holding slow items while the others idle would pull
//! skewed's efficiency below that of uniform work with cheaper items, so that is the
//! bar; the per-worker item counts stand beside it.

use fanout_harness::Workload;

use crate::conclusions::{Finding, Verdict, list};
use crate::data::Results;
use crate::data::group::Group;
use crate::data::interval::Interval;
use crate::data::rows::{self, RAYON_PAR_ITER};
use crate::format;

/// The uniform workloads whose cost per item lies just below and just above skewed's
/// mean, from the benches' own set.
struct Brackets {
    cheaper: Option<String>,
    dearer: Option<String>,
}

impl Brackets {
    fn around_skewed() -> Brackets {
        let mean = Workload::Skewed.nominal_cost();
        let uniform = Workload::THROUGHPUT_SET
            .into_iter()
            .filter(|workload| matches!(workload, Workload::Spin(_)));
        let cheaper = uniform
            .clone()
            .filter(|workload| workload.nominal_cost() < mean)
            .max_by_key(|workload| workload.nominal_cost());
        let dearer = uniform
            .filter(|workload| workload.nominal_cost() > mean)
            .min_by_key(|workload| workload.nominal_cost());
        Brackets {
            cheaper: cheaper.map(|workload| workload.to_string()),
            dearer: dearer.map(|workload| workload.to_string()),
        }
    }
}

/// One row's efficiency under skewed work and under the uniform work around it.
struct Balance {
    row: &'static str,
    skewed: Interval,
    cheaper: Option<Interval>,
    dearer: Option<Interval>,
    fairness_cv: Option<f64>,
}

impl Balance {
    /// Whether skewed work scales at least as well as uniform work with cheaper items,
    /// or ties with it; `None` without that workload.
    fn balanced(&self) -> Option<bool> {
        self.cheaper
            .map(|cheaper| Verdict::of(self.skewed, cheaper) != Verdict::Worse)
    }

    fn describe(&self, brackets: &Brackets) -> String {
        let beside: Vec<String> = [
            (&brackets.cheaper, self.cheaper),
            (&brackets.dearer, self.dearer),
        ]
        .into_iter()
        .filter_map(|(name, efficiency)| {
            Some(format!("{} {:.2}", name.as_ref()?, efficiency?.value))
        })
        .collect();
        if beside.is_empty() {
            format!("`{}` {:.2}", self.row, self.skewed.value)
        } else {
            format!(
                "`{}` {:.2} ({})",
                self.row,
                self.skewed.value,
                beside.join(", ")
            )
        }
    }
}

/// The finding.
pub(crate) fn finding(results: &Results) -> Finding {
    let heading = String::from(
        "The seed's claim: \"automatic load balancing: workers naturally consume jobs as they become available\"",
    );
    let skewed = Workload::Skewed.to_string();
    let brackets = Brackets::around_skewed();
    let balances: Vec<Balance> = rows::engines()
        .chain([RAYON_PAR_ITER])
        .filter_map(|row| balance(results, &brackets, row))
        .collect();
    let Some(first) = balances.first() else {
        return Finding {
            heading,
            paragraphs: vec![format!(
                "No `throughput/{skewed}` group with its `sequential` row: run `cargo bench --bench throughput`."
            )],
        };
    };
    let workers = results
        .at_cores(&Group::Throughput(skewed.clone()), first.row)
        .map_or(results.cores(), |timing| timing.workers);
    let described: Vec<String> = balances
        .iter()
        .map(|balance| balance.describe(&brackets))
        .collect();
    let mean = format::duration(Workload::Skewed.nominal_cost().as_nanos() as f64);
    let mut text = format!(
        "`{skewed}` gives 90% of items 1 µs of work and 10% of them 50 µs (a mean of {mean}), \
         so a worker that draws slow items falls behind unless the others take up the slack. \
         Efficiency (speed-up over `sequential` / usable cores) at {workers} workers on {}, \
         with the uniform workloads around that mean in brackets: {}.",
        results.machine.phrase(),
        list(&described)
    );
    let cvs: Vec<f64> = balances
        .iter()
        .filter(|balance| rows::is_engine(balance.row))
        .filter_map(|balance| balance.fairness_cv)
        .collect();
    if !cvs.is_empty() {
        let low = cvs.iter().copied().fold(f64::INFINITY, f64::min);
        let high = cvs.iter().copied().fold(f64::NEG_INFINITY, f64::max);
        text.push_str(&format!(
            " The items each worker took vary with a coefficient of variation of {low:.3} to \
             {high:.3} across the engines (`fairness.svg`); an uneven split of items is no \
             fault here, since a worker busy with a slow item takes fewer."
        ));
    }
    let judged: Vec<&Balance> = balances
        .iter()
        .filter(|balance| rows::is_engine(balance.row) && balance.balanced().is_some())
        .collect();
    let unbalanced: Vec<String> = judged
        .iter()
        .filter(|balance| balance.balanced() == Some(false))
        .map(|balance| format!("`{}`", balance.row))
        .collect();
    let cheaper = brackets.cheaper.unwrap_or_default();
    let verdict = if judged.is_empty() {
        format!("Without `{cheaper}` measured there is no uniform work to judge it against.")
    } else if unbalanced.is_empty() {
        format!(
            "The claim holds for all {} engines judged: under skewed work each keeps at least \
             the efficiency it has on uniform `{cheaper}` items, which a worker stranded with \
             the slow items would drag below.",
            judged.len()
        )
    } else {
        format!(
            "The claim holds for {} of {} engines; {} fall below their efficiency on uniform \
             `{cheaper}` items beyond the noise, a sign of slow items queued behind busy \
             workers.",
            judged.len() - unbalanced.len(),
            judged.len(),
            list(&unbalanced)
        )
    };
    Finding {
        heading,
        paragraphs: vec![text, verdict],
    }
}

fn balance(results: &Results, brackets: &Brackets, row: &'static str) -> Option<Balance> {
    // Efficiency with the interval of the speed-up it comes from: speed-up over the
    // workers that can run at once.
    let efficiency = |workload: &str| {
        let timing = results.at_cores(&Group::Throughput(workload.to_owned()), row)?;
        let usable = timing.workers.min(results.cores()).max(1) as f64;
        results
            .speed_up(timing)
            .map(|speed_up| speed_up.scaled(1.0 / usable))
    };
    let skewed = Workload::Skewed.to_string();
    Some(Balance {
        row,
        skewed: efficiency(&skewed)?,
        cheaper: brackets.cheaper.as_deref().and_then(efficiency),
        dearer: brackets.dearer.as_deref().and_then(efficiency),
        fairness_cv: results
            .measures_of(&skewed, row)
            .and_then(|measures| measures.fairness_cv),
    })
}
