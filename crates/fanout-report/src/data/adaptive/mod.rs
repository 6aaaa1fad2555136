//! The adaptive engine's figures, all computed from the bench output: its targets judged
//! ([`targets`]), what batching buys on each workload ([`gains`]) and what it costs
//! ([`costs`]), each against the rows the targets name.

pub(crate) mod costs;
pub(crate) mod gains;
pub(crate) mod targets;

use crate::data::interval::Interval;
use crate::data::rows;
use crate::data::timing::Timing;

/// The engine that hands off batches that size themselves.
pub(crate) const ADAPTIVE: &str = "adaptive";

/// The per-item engine the targets name, as the `batching` bench pairs against it.
pub(crate) const CROSSBEAM: &str = "crossbeam";

/// The engines that hand items off one at a time: every engine but the adaptive one.
pub(crate) fn per_item_engines() -> impl Iterator<Item = &'static str> {
    rows::engines().filter(|engine| *engine != ADAPTIVE)
}

/// A timing's time per item with its interval, in nanoseconds: groups with the same
/// items compare the same either way, but a ratio of per-item times never depends on it.
pub(crate) fn per_item(timing: &Timing) -> Interval {
    let run = timing.time_with_interval();
    let items = timing.items.max(1) as f64;
    Interval {
        value: run.value / items,
        low: run.low / items,
        high: run.high / items,
    }
}

/// Of `candidates`, the one with the smallest figure, by its point estimate.
pub(crate) fn fastest<'a>(
    candidates: impl Iterator<Item = (&'static str, Interval)> + 'a,
) -> Option<(&'static str, Interval)> {
    candidates.min_by(|a, b| a.1.value.total_cmp(&b.1.value))
}
