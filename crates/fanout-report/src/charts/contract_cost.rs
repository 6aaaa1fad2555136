//! The contract's cost: each engine's time per item over the hand-written reference loop
//! on its own primitive, at workers = cores: the `contract` bench's paired figures first,
//! then one panel per throughput workload.

use std::path::Path;

use crate::charts::bars::{self, Bar, BarPanel};
use crate::charts::palette;
use crate::charts::{Chart, DrawResult, Drawer};
use crate::data::Results;
use crate::data::costs::{ContractCost, PairedCost, contract_costs};
use crate::format;

/// The chart.
pub(crate) const DRAWER: Drawer = Drawer {
    chart: Chart {
        file: "contract-cost.svg",
        title: "The contract's cost: each engine against a bare loop on its primitive",
        about: "Each engine's time per item divided by that of the `*-reference` row, the \
                shortest correct hand-written fan-out/fan-in on the same primitive \
                (`seed-layout` is measured against std's), at workers = cores. 1x (the line) \
                means the contract (lazy input, bounded queues, early drop, panic safety) \
                costs nothing; 2x that it doubles the time per item. The first panel, where \
                the `contract` bench ran, is timed paired (engine and reference alternately; \
                the median ratio, its 95% interval in the label); the others compare two \
                criterion benchmarks run minutes apart, their whiskers pairing each median's \
                interval end against the other's, so they are wider.",
    },
    missing,
    draw,
};

const WIDTH: u32 = 1_260;

fn missing(results: &Results) -> Option<String> {
    (contract_costs(results).is_empty() && results.paired_costs.is_empty()).then(|| {
        String::from(
            "no throughput group with an engine and its `*-reference` row at the same \
             workers, and no `contract` bench: run `cargo bench --bench throughput` or \
             `cargo bench --bench contract`",
        )
    })
}

fn draw(results: &Results, path: &Path) -> DrawResult<()> {
    let costs = contract_costs(results);
    let workloads: Vec<&str> = results
        .workloads()
        .iter()
        .filter_map(|workload| {
            costs
                .iter()
                .find(|cost| &cost.workload == workload)
                .map(|cost| cost.workload.as_str())
        })
        .collect();
    let captions: Vec<String> = workloads
        .iter()
        .map(|workload| {
            let workers = costs
                .iter()
                .find(|cost| cost.workload == *workload)
                .map_or(0, |cost| cost.workers);
            format!("{workload}, {workers} workers")
        })
        .collect();
    // Blocking engines are paired on noop, async engines on async-noop: name both.
    let mut paired_workloads: Vec<&str> = Vec::new();
    for cost in &results.paired_costs {
        if !paired_workloads.contains(&cost.workload.as_str()) {
            paired_workloads.push(&cost.workload);
        }
    }
    let paired_caption = results.paired_costs.first().map(|cost| {
        format!(
            "{}, {} workers, paired: median (95% interval)",
            paired_workloads.join(" and "),
            cost.workers
        )
    });
    let paired_panel = paired_caption.as_deref().map(|caption| BarPanel {
        caption,
        x_description: "engine / reference time, median of pairs, log (lower is better)",
        format: format::times,
        base: Some(1.0),
        bars: results.paired_costs.iter().map(paired_bar).collect(),
    });
    let panels: Vec<BarPanel<'_>> = paired_panel
        .into_iter()
        .chain(workloads.iter().zip(&captions).map(|(workload, caption)| {
            BarPanel {
                caption,
                x_description: "engine / reference time per item, log (lower is better)",
                format: format::times,
                base: Some(1.0),
                bars: costs
                    .iter()
                    .filter(|cost| cost.workload == *workload)
                    .map(bar)
                    .collect(),
            }
        }))
        .collect();
    bars::draw_page(
        path,
        WIDTH,
        DRAWER.chart.title,
        &results.machine.subtitle(),
        &panels,
    )
}

fn paired_bar(cost: &PairedCost) -> Bar {
    Bar {
        label: cost.engine.to_owned(),
        value: cost.median,
        color: palette::color(cost.engine),
        note: format!(
            "{} ({} to {})",
            format::times(cost.median),
            format::times(cost.low),
            format::times(cost.high)
        ),
        spread: Some((cost.low, cost.high)),
    }
}

fn bar(cost: &ContractCost) -> Bar {
    Bar {
        label: cost.engine.to_owned(),
        value: cost.ratio(),
        color: palette::color(cost.engine),
        note: format::times(cost.ratio()),
        spread: Some((cost.ratio_interval.low, cost.ratio_interval.high)),
    }
}
