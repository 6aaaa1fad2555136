//! Axis ranges and ticks: log scales padded to round numbers, worker counts on a log-2
//! scale, and the labels of category axes.

use std::ops::Range;

use plotters::coord::ranged1d::{IntoSegmentedCoord, SegmentValue, SegmentedCoord};
use plotters::coord::types::RangedCoordi32;

/// A log-scale range around `low..=high`, widened to the 1-2-5 steps just outside, so
/// that there are always ticks to label.
pub(crate) fn log_range(low: f64, high: f64) -> Range<f64> {
    let (low, high) = if low > 0.0 && high > 0.0 {
        (low.min(high), low.max(high))
    } else {
        (1.0, 10.0)
    };
    let below = steps(low / 10.0, high * 10.0)
        .into_iter()
        .rev()
        .find(|&step| step <= low * 0.95)
        .unwrap_or(low / 2.0);
    let above = steps(low / 10.0, high * 10.0)
        .into_iter()
        .find(|&step| step >= high * 1.05)
        .unwrap_or(high * 2.0);
    below..above
}

/// A log-scale range around every value in `values`, as [`log_range`] makes them.
pub(crate) fn log_range_over(values: impl IntoIterator<Item = f64>) -> Range<f64> {
    let (low, high) = values
        .into_iter()
        .fold((f64::INFINITY, f64::NEG_INFINITY), |(low, high), value| {
            (low.min(value), high.max(value))
        });
    log_range(low, high)
}

/// The 1-2-5 steps (1, 2, 5, 10, 20, ...) within `range`; only the powers of ten when it
/// spans more than three of them, so labels do not crowd.
pub(crate) fn log_ticks(range: &Range<f64>) -> Vec<f64> {
    let decades = (range.end / range.start).log10();
    let all = steps(range.start, range.end);
    if decades > 3.0 {
        all.into_iter()
            .filter(|&step| is_power_of_ten(step))
            .collect()
    } else {
        all
    }
}

/// Whether `tick` is a power of ten (a decade's tick).
pub(crate) fn is_power_of_ten(tick: f64) -> bool {
    (tick.log10() - tick.log10().round()).abs() < 1e-9
}

/// Ticks for a narrow log range, where the 1-2-5 steps leave too few: the 1-1.5-2-3-5-7
/// steps within it.
pub(crate) fn fine_log_ticks(range: &Range<f64>) -> Vec<f64> {
    let first = range.start.log10().floor() as i32;
    let last = range.end.log10().ceil() as i32;
    (first..=last)
        .flat_map(|power| [1.0, 1.5, 2.0, 3.0, 5.0, 7.0].map(|step| step * 10f64.powi(power)))
        .filter(|tick| range.contains(tick))
        .collect()
}

/// Every 1-2-5 step from `low` to `high`, inclusive.
fn steps(low: f64, high: f64) -> Vec<f64> {
    let mut steps = Vec::new();
    let mut decade = 10f64.powf(low.log10().floor());
    while decade <= high {
        for multiple in [1.0, 2.0, 5.0] {
            let step = decade * multiple;
            if step >= low * (1.0 - 1e-9) && step <= high * (1.0 + 1e-9) {
                steps.push(step);
            }
        }
        decade *= 10.0;
    }
    steps
}

/// The worker axis: a log-2 range around the counts measured, with a tick at each.
pub(crate) fn workers_axis(counts: &[usize]) -> (Range<f64>, Vec<f64>) {
    let low = counts.iter().copied().min().unwrap_or(1).max(1) as f64;
    let high = counts.iter().copied().max().unwrap_or(1).max(1) as f64;
    let mut ticks: Vec<f64> = counts.iter().map(|&count| count as f64).collect();
    ticks.sort_by(f64::total_cmp);
    ticks.dedup();
    (low / 1.25..high * 1.25, ticks)
}

/// An axis of `count` categories, one segment each. Plotters' integer ranges include
/// their end, so `0..count` would make one segment too many.
pub(crate) fn categories(count: usize) -> SegmentedCoord<RangedCoordi32> {
    (0..(count as i32 - 1).max(0)).into_segmented()
}

/// The segment that shows row `index` of `count` when rows read from the top: plotters
/// counts segments from the bottom.
pub(crate) fn top_down(count: i32, index: usize) -> i32 {
    count - 1 - index as i32
}

/// The label of a category axis's tick: the row of `labels` its segment shows, read from
/// the top; nothing for ticks between or past the rows.
pub(crate) fn category(labels: &[&str], value: &SegmentValue<i32>) -> String {
    let SegmentValue::CenterOf(segment) = value else {
        return String::new();
    };
    // Top-down is its own inverse: the row a segment shows is `count - 1 - segment`.
    let count = labels.len() as i32;
    usize::try_from(count - 1 - segment)
        .ok()
        .and_then(|row| labels.get(row))
        .map_or_else(String::new, |label| (*label).to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn log_ranges_reach_round_steps_with_ticks_inside() {
        let range = log_range(120_000.0, 310_000.0);
        assert_eq!(range, 100_000.0..500_000.0);
        assert_eq!(log_ticks(&range), [100_000.0, 200_000.0, 500_000.0]);
        let wide = log_range(3.0, 90_000.0);
        assert_eq!(log_ticks(&wide), [10.0, 100.0, 1e3, 1e4, 1e5]);
    }
}
