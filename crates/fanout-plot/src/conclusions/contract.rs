//! The contract's cost: each engine against the shortest hand-written fan-out/fan-in on
//! its own primitive, over the workloads.

use fanout_harness::measure::median;

use crate::conclusions::{Finding, Verdict, list, spread};
use crate::data::Results;
use crate::data::costs::{ContractCost, PairedCost, contract_costs};
use crate::data::rows;
use crate::format;

/// The project's target: the contract costs under 25% on noop, engine against reference.
const TARGET: f64 = 1.25;

/// The finding.
pub(crate) fn finding(results: &Results) -> Finding {
    let heading = String::from("What the contract costs against a bare loop on each primitive");
    let mut paragraphs = paired_paragraphs(results);
    let costs = contract_costs(results);
    if costs.is_empty() {
        paragraphs.push(String::from(
            "No throughput group measured an engine beside its `*-reference` row: run \
             `cargo bench --bench throughput`.",
        ));
        return Finding {
            heading,
            paragraphs,
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
        // Faster than its bare loop only where every workload's interval says so.
        let faster = mine
            .iter()
            .all(|cost| Verdict::of_ratio(cost.ratio_interval) == Verdict::Worse);
        medians.push((engine, median(&ratios).unwrap_or(f64::NAN), faster));
        lines.push(format!(
            "- `{engine}` against `{}`: {} over {} workloads.",
            first.reference,
            spread(&ratios),
            ratios.len()
        ));
    }
    let mut summary = format!(
        "From the throughput groups, each engine's time per item over that of the \
         `*-reference` row on the same primitive at workers = cores on {} (1x: the contract \
         is free), each timed by criterion in its own benchmark, so drift between the two \
         benchmarks counts too. The reference is the shortest correct hand-written \
         fan-out/fan-in, without a lazy input, a bound on items in flight, early drop or \
         panic safety.",
        results.machine.phrase()
    );
    let by_median = |a: &&(&str, f64, bool), b: &&(&str, f64, bool)| a.1.total_cmp(&b.1);
    if let (Some(cheapest), Some(dearest)) = (
        medians.iter().min_by(by_median),
        medians.iter().max_by(by_median),
    ) {
        summary.push_str(&format!(
            " The contract costs least for `{}` ({}) and most for `{}` ({}).",
            cheapest.0,
            median_phrase(cheapest.1, cheapest.2),
            dearest.0,
            median_phrase(dearest.1, dearest.2)
        ));
    }
    if let Some(worst) = costs.iter().max_by(|a, b| a.ratio().total_cmp(&b.ratio())) {
        summary.push_str(&format!(
            " The largest single gap is `{}` on `{}`: {} per item against {}.",
            worst.engine,
            worst.workload,
            format::duration(worst.engine_nanos_per_item.value),
            format::duration(worst.reference_nanos_per_item.value)
        ));
    }
    paragraphs.push(summary);
    paragraphs.push(lines.join("\n"));
    Finding {
        heading,
        paragraphs,
    }
}

/// The `contract` bench's paired figures and the verdict on the target, or nothing when
/// that bench was not run.
fn paired_paragraphs(results: &Results) -> Vec<String> {
    let costs = &results.paired_costs;
    let Some(first) = costs.first() else {
        return Vec::new();
    };
    let met: Vec<String> = costs
        .iter()
        .filter(|cost| cost.high <= TARGET)
        .map(|cost| format!("`{}`", cost.engine))
        .collect();
    let missed: Vec<String> = costs
        .iter()
        .filter(|cost| cost.low > TARGET)
        .map(|cost| format!("`{}`", cost.engine))
        .collect();
    let unsure: Vec<String> = costs
        .iter()
        .filter(|cost| cost.low <= TARGET && cost.high > TARGET)
        .map(|cost| format!("`{}`", cost.engine))
        .collect();
    let mut verdicts = Vec::new();
    for (engines, outcome) in [
        (&met, "met by"),
        (&missed, "missed by"),
        (&unsure, "not settled by these pairs for"),
    ] {
        if !engines.is_empty() {
            verdicts.push(format!("{outcome} {}", list(engines)));
        }
    }
    let verdict = format!(
        "The target, at most {} on `{}`, is {} (met: the whole interval at or below it; \
         missed: the whole interval above it).",
        format::times(TARGET),
        first.workload,
        verdicts.join("; ")
    );
    let intro = format!(
        "Timed paired by the `contract` bench on {}: each engine and its `*-reference` row \
         run alternately on `{}` at {} workers, and the cost is the median of the per-pair \
         ratios with its 95% confidence interval, so drift in the machine between runs \
         cancels. {verdict}",
        results.machine.phrase(),
        first.workload,
        first.workers
    );
    let lines: Vec<String> = costs.iter().map(paired_line).collect();
    vec![intro, lines.join("\n")]
}

/// `- `rayon` against `rayon-reference`: 0.99x (0.91x to 1.08x, 310 pairs; 8.2 µs against 8.3 µs per item).`
fn paired_line(cost: &PairedCost) -> String {
    let times = match (cost.engine_nanos_per_item, cost.reference_nanos_per_item) {
        (Some(engine), Some(reference)) => format!(
            "; median {} against {} per item",
            format::duration(engine),
            format::duration(reference)
        ),
        _ => String::new(),
    };
    format!(
        "- `{}` against `{}` on `{}`: {} ({} to {}, {} pairs{times}).",
        cost.engine,
        cost.reference,
        cost.workload,
        format::times(cost.median),
        format::times(cost.low),
        format::times(cost.high),
        cost.pairs
    )
}

/// `median 1.2x`, saying so when the engine beats its bare loop beyond the noise on
/// every workload (the reference does less, so that is the engine's primitive used
/// better).
fn median_phrase(ratio: f64, faster: bool) -> String {
    if faster {
        format!("median {}, faster than its bare loop", format::times(ratio))
    } else {
        format!("median {}", format::times(ratio))
    }
}
