//! The seed in Go against its ports: per workload, each Go row's time per item over
//! `seed-layout`'s, the best per-item engine's and `adaptive`'s, from the `go` bench's
//! pairs where it ran, else from the throughput groups at workers = cores.

use std::path::Path;

use crate::charts::bars::{self, Bar, BarPanel};
use crate::charts::palette;
use crate::charts::{Chart, DrawResult, Drawer};
use crate::data::Results;
use crate::data::go::{GoBeside, beside};
use crate::data::interval::Interval;
use crate::data::rows::SEED_LAYOUT;
use crate::format;

/// The chart.
pub(crate) const DRAWER: Drawer = Drawer {
    chart: Chart {
        file: "go.svg",
        title: "The seed in Go, against its ports",
        about: "Each Go row's time per item divided by a Rust row's, per workload: `go-seed` \
                is the seed's `RunFan` in Go as written, `go-pool` the idiomatic Go pool, \
                both on unbuffered channels. Left of 1x (the line) Go is faster. Panels the \
                `go` bench measured are timed paired (a Go run and a Rust run alternately; \
                the median ratio, its 95% interval as the whisker); the others compare two \
                criterion benchmarks at workers = cores, so their whiskers are wider.",
    },
    missing,
    draw,
};

const WIDTH: u32 = 1_260;

fn missing(results: &Results) -> Option<String> {
    (results.go_pairings.is_empty() && beside(results).is_empty()).then(|| {
        String::from(
            "no Go rows: with `go` on PATH, run `cargo bench --bench go` or `cargo bench \
             --bench throughput`",
        )
    })
}

/// One bar: a Go row over a Rust row.
fn bar(go_row: &str, rust_row: &str, ratio: Interval) -> Bar {
    Bar {
        label: format!("{go_row} / {rust_row}"),
        value: ratio.value,
        color: palette::color(go_row),
        note: ratio.times_short(),
        spread: ratio.has_width().then_some((ratio.low, ratio.high)),
    }
}

/// The throughput group's bars for `workload`: each Go row at workers = cores, or the
/// nearest count it was measured at.
fn criterion_bars(rows: &[GoBeside], cores: usize) -> (usize, Vec<Bar>) {
    let workers = rows
        .iter()
        .map(|row| row.workers)
        .min_by_key(|&workers| workers.abs_diff(cores))
        .unwrap_or(cores);
    let bars = rows
        .iter()
        .filter(|row| row.workers == workers)
        .flat_map(|row| {
            [
                row.over_seed_layout
                    .map(|ratio| bar(row.go_row, SEED_LAYOUT, ratio)),
                row.over_best
                    .map(|(best, ratio)| bar(row.go_row, best, ratio)),
                row.over_adaptive
                    .map(|ratio| bar(row.go_row, "adaptive", ratio)),
            ]
        })
        .flatten()
        .collect();
    (workers, bars)
}

fn draw(results: &Results, path: &Path) -> DrawResult<()> {
    let beside = beside(results);
    let mut workloads: Vec<String> = results.workloads();
    for pairing in &results.go_pairings {
        if !workloads.contains(&pairing.workload) {
            workloads.push(pairing.workload.clone());
        }
    }
    let mut panels: Vec<(String, Vec<Bar>)> = Vec::new();
    for workload in &workloads {
        let paired: Vec<_> = results
            .go_pairings
            .iter()
            .filter(|pairing| &pairing.workload == workload)
            .collect();
        if let Some(first) = paired.first() {
            panels.push((
                format!(
                    "{workload}, {} workers, paired: median (95% interval)",
                    first.workers
                ),
                paired
                    .iter()
                    .map(|pairing| bar(&pairing.go_row, &pairing.rust_row, pairing.time_over))
                    .collect(),
            ));
            continue;
        }
        let rows: Vec<GoBeside> = beside
            .iter()
            .filter(|row| &row.workload == workload)
            .cloned()
            .collect();
        let (workers, bars) = criterion_bars(&rows, results.cores());
        if !bars.is_empty() {
            panels.push((format!("{workload}, {workers} workers, criterion"), bars));
        }
    }
    let panels: Vec<BarPanel<'_>> = panels
        .iter()
        .map(|(caption, bars)| BarPanel {
            caption,
            x_description: "Go time per item / Rust row's, log (left of 1x: Go faster)",
            format: format::times,
            base: Some(1.0),
            bars: bars.clone(),
        })
        .collect();
    bars::draw_page(
        path,
        WIDTH,
        DRAWER.chart.title,
        &results.machine.subtitle(),
        &panels,
    )
}
