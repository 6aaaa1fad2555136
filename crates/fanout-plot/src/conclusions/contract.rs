//! The contract's cost: each engine against the shortest hand-written fan-out/fan-in on
//! its own primitive, over the workloads.

use crate::conclusions::{Finding, Verdict, median, spread, verdict};
use crate::data::Results;
use crate::data::costs::{ContractCost, contract_costs};
use crate::data::rows;
use crate::format;

/// The finding.
pub(crate) fn finding(results: &Results) -> Finding {
    let heading = String::from("What the contract costs against a bare loop on each primitive");
    let costs = contract_costs(results);
    if costs.is_empty() {
        return Finding {
            heading,
            paragraphs: vec![String::from(
                "No throughput group measured an engine beside its `*-reference` row: run \
                 `cargo bench --bench throughput`.",
            )],
        };
    }
    let mut lines = Vec::new();
    let mut medians = Vec::new();
    for engine in rows::engines() {
        let mine: Vec<&ContractCost> = costs.iter().filter(|cost| cost.engine == engine).collect();
        let Some(first) = mine.first() else {
            continue;
        };
        let ratios: Vec<f64> = mine.iter().map(|cost| cost.ratio()).collect();
        medians.push((engine, median(&ratios)));
        lines.push(format!(
            "- `{engine}` against `{}`: {} over {} workloads.",
            first.reference,
            spread(&ratios),
            ratios.len()
        ));
    }
    let mut summary = format!(
        "Each engine's time per item over that of the `*-reference` row on the same \
         primitive at workers = cores on {} (1x: the contract is free). The reference is the \
         shortest correct hand-written fan-out/fan-in, without a lazy input, a bound on items \
         in flight, early drop or panic safety.",
        results.machine.phrase()
    );
    let by_median = |a: &&(&str, f64), b: &&(&str, f64)| a.1.total_cmp(&b.1);
    if let (Some(cheapest), Some(dearest)) = (
        medians.iter().min_by(by_median),
        medians.iter().max_by(by_median),
    ) {
        summary.push_str(&format!(
            " The contract costs least for `{}` ({}) and most for `{}` ({}).",
            cheapest.0,
            median_phrase(cheapest.1),
            dearest.0,
            median_phrase(dearest.1)
        ));
    }
    if let Some(worst) = costs.iter().max_by(|a, b| a.ratio().total_cmp(&b.ratio())) {
        summary.push_str(&format!(
            " The largest single gap is `{}` on `{}`: {} per item against {}.",
            worst.engine,
            worst.workload,
            format::duration(worst.engine_nanos_per_item),
            format::duration(worst.reference_nanos_per_item)
        ));
    }
    Finding {
        heading,
        paragraphs: vec![summary, lines.join("\n")],
    }
}

/// `median 1.2x`, saying so when the engine beats its bare loop (the reference does
/// less, so that is the engine's primitive used better, or noise).
fn median_phrase(ratio: f64) -> String {
    if verdict(1.0 / ratio) == Verdict::Better {
        format!("median {}, faster than its bare loop", format::times(ratio))
    } else {
        format!("median {}", format::times(ratio))
    }
}
