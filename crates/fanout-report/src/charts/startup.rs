//! Start-up: each engine's time from a new (or a warm) engine to its first result.

use std::path::Path;

use crate::charts::bars::{self, Bar, BarPanel};
use crate::charts::{Chart, DrawResult, Drawer, palette};
use crate::data::Results;
use crate::data::group::Group;
use crate::data::rows;
use crate::format;

/// The chart.
pub(crate) const DRAWER: Drawer = Drawer {
    chart: Chart {
        file: "startup.svg",
        title: "Start-up: time to the first result",
        about: "From building an engine (new) or from starting a run on one that has run \
                before (warm) to its first result, noop, workers = cores. Pools and runtimes \
                that start threads up front pay here once, and nothing per run. The whisker on \
                each bar is its 95% interval.",
    },
    missing,
    draw,
};

const WIDTH: u32 = 1_260;

fn missing(results: &Results) -> Option<String> {
    results.startups().is_empty().then(|| {
        String::from(
            "no `startup/*` groups in criterion's output: run `cargo bench --bench startup`",
        )
    })
}

fn draw(results: &Results, path: &Path) -> DrawResult<()> {
    let starts = results.startups();
    let captions: Vec<String> = starts
        .iter()
        .map(|start| format!("{}, {} workers", start.replace('-', " "), results.cores()))
        .collect();
    let panels: Vec<BarPanel<'_>> = starts
        .iter()
        .zip(&captions)
        .map(|(start, caption)| {
            let group = Group::Startup(start.clone());
            BarPanel {
                caption,
                x_description: "time to the first result, log (lower is better)",
                format: format::duration,
                base: None,
                bars: rows::engines()
                    .filter_map(|engine| {
                        let timing = results.at_cores(&group, engine)?;
                        Some(Bar {
                            label: engine.to_owned(),
                            value: timing.nanos,
                            color: palette::color(engine),
                            note: format::duration(timing.nanos),
                            spread: Some((timing.median.low, timing.median.high)),
                        })
                    })
                    .collect(),
            }
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
