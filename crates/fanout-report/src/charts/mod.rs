//! The charts: one SVG file per question, each titled with what it shows, subtitled with
//! the machine that measured it, and drawn only when its data is there.

mod async_work;
pub(crate) mod axes;
mod bars;
mod canvas;
mod capacity;
mod contract_cost;
mod cores;
mod distributed;
mod efficiency;
pub(crate) mod efficiency_capacity;
mod fairness;
mod go;
mod hidden;
mod latency_closed;
mod latency_open;
mod markers;
mod overview;
mod palette;
mod payload;
mod series;
mod startup;
mod throughput;
mod workers_chart;

use std::path::Path;

use crate::data::Results;
use crate::error::Error;

/// What drawing returns: plotters' errors, boxed, until they are given the file's name.
pub(crate) type DrawResult<T> = Result<T, Box<dyn std::error::Error>>;

/// A chart: its file and what it shows.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Chart {
    /// The SVG file's name.
    pub(crate) file: &'static str,
    /// Its title.
    pub(crate) title: &'static str,
    /// How to read it, a sentence or two for the README.
    pub(crate) about: &'static str,
}

/// How a chart is made: what it needs, and how it is drawn once that is there.
pub(crate) struct Drawer {
    /// The chart.
    pub(crate) chart: Chart,
    /// Why it cannot be drawn from these results, if it cannot.
    pub(crate) missing: fn(&Results) -> Option<String>,
    /// Draws it to the path given.
    pub(crate) draw: fn(&Results, &Path) -> DrawResult<()>,
}

/// What became of one chart.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Outcome {
    /// It was drawn.
    Drawn(Chart),
    /// It was left out, for this reason.
    Missing(Chart, String),
}

/// Every chart, in the order the README shows them.
const DRAWERS: [Drawer; 14] = [
    overview::DRAWER,
    throughput::DRAWER,
    efficiency::DRAWER,
    contract_cost::DRAWER,
    efficiency_capacity::DRAWER,
    latency_closed::DRAWER,
    latency_open::DRAWER,
    capacity::DRAWER,
    payload::DRAWER,
    fairness::DRAWER,
    startup::DRAWER,
    async_work::DRAWER,
    distributed::DRAWER,
    go::DRAWER,
];

/// Draws every chart whose data is there into `out`, and says what became of each.
pub(crate) fn draw_all(results: &Results, out: &Path) -> Result<Vec<Outcome>, Error> {
    let mut outcomes = Vec::with_capacity(DRAWERS.len());
    for drawer in &DRAWERS {
        if let Some(reason) = (drawer.missing)(results) {
            outcomes.push(Outcome::Missing(drawer.chart, reason));
            continue;
        }
        let path = out.join(drawer.chart.file);
        (drawer.draw)(results, &path)
            .map_err(|error| Error::at(&path, format!("could not draw: {error}")))?;
        outcomes.push(Outcome::Drawn(drawer.chart));
    }
    Ok(outcomes)
}
