//! [`PairedRatio`]: two rows timed alternately, summarised by the ratio within each pair.
//!
//! Two rows measured one after the other see different machines: the clock frequency, the
//! neighbours on a shared host and, for rayon, whether a pool thread happens to park, all
//! drift over seconds. Timing them in alternation and taking the ratio within each pair
//! lets that drift cancel, so the median of the ratios is the fairest "how much slower is
//! A than B" one run can give. Its confidence interval comes from order statistics, which
//! assume nothing about the shape of the ratios: some rows' times spread over a factor of
//! forty from one run to the next, and no normal approximation survives that.

use std::time::Duration;

/// The ratio `a / b` over pairs of runs timed back to back.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct PairedRatio {
    /// The median of the per-pair ratios.
    pub median: f64,
    /// The lower end of the median's 95% confidence interval.
    pub low: f64,
    /// The upper end of the median's 95% confidence interval.
    pub high: f64,
    /// How many pairs were timed.
    pub pairs: usize,
}

impl PairedRatio {
    /// The summary of `pairs`, each `(a's time, b's time)` for the same items; `None` for
    /// no pairs. A zero time for `b` counts as the smallest time there is.
    pub fn of(pairs: &[(Duration, Duration)]) -> Option<PairedRatio> {
        PairedRatio::of_ratios(
            pairs
                .iter()
                .map(|(a, b)| a.as_secs_f64() / b.as_secs_f64().max(f64::MIN_POSITIVE))
                .collect(),
        )
    }

    /// The summary of the per-pair ratios themselves; `None` for none.
    pub fn of_ratios(mut ratios: Vec<f64>) -> Option<PairedRatio> {
        if ratios.is_empty() {
            return None;
        }
        ratios.sort_by(f64::total_cmp);
        let count = ratios.len();
        let (low, high) = median_interval(count);
        let median = if count % 2 == 1 {
            ratios[count / 2]
        } else {
            (ratios[count / 2 - 1] + ratios[count / 2]) / 2.0
        };
        Some(PairedRatio {
            median,
            low: ratios[low],
            high: ratios[high],
            pairs: count,
        })
    }
}

impl From<PairedRatio> for super::Interval {
    /// The median ratio and its interval, as any other figure with a spread.
    fn from(ratio: PairedRatio) -> super::Interval {
        super::Interval {
            value: ratio.median,
            low: ratio.low,
            high: ratio.high,
        }
    }
}

/// The 0-based order statistics that bracket the median of `count` values with about 95%
/// confidence: the number of values below the true median is Binomial(count, 1/2), so
/// `count / 2 -/+ 1.96 sqrt(count) / 2` values either side (clamped to the sample; with
/// fewer than six values the interval is the whole range).
fn median_interval(count: usize) -> (usize, usize) {
    let half_width = 1.96 * (count as f64).sqrt() / 2.0;
    let centre = (count as f64 - 1.0) / 2.0;
    let low = (centre - half_width).floor().max(0.0) as usize;
    let high = ((centre + half_width).ceil() as usize).min(count - 1);
    (low, high)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pair(a_micros: u64, b_micros: u64) -> (Duration, Duration) {
        (
            Duration::from_micros(a_micros),
            Duration::from_micros(b_micros),
        )
    }

    #[test]
    fn drift_that_hits_both_rows_cancels() {
        // The machine slows tenfold half way through; A stays 1.5x B throughout, which the
        // ratio of the two medians would not show.
        let pairs = [
            pair(150, 100),
            pair(150, 100),
            pair(1500, 1000),
            pair(1500, 1000),
        ];
        let ratio = PairedRatio::of(&pairs).expect("pairs");
        assert!((ratio.median - 1.5).abs() < 1e-9);
        assert!((ratio.low - 1.5).abs() < 1e-9 && (ratio.high - 1.5).abs() < 1e-9);
        assert_eq!(ratio.pairs, 4);
    }

    #[test]
    fn the_interval_brackets_the_median_and_narrows_with_more_pairs() {
        let close = |a: f64, b: f64| (a - b).abs() < 1e-9;
        let few: Vec<_> = (1..=5).map(|a| pair(a * 100, 100)).collect();
        let ratio = PairedRatio::of(&few).expect("pairs");
        assert!(close(ratio.low, 1.0) && close(ratio.median, 3.0) && close(ratio.high, 5.0));

        let many: Vec<_> = (1..=101).map(|a| pair(a * 100, 100)).collect();
        let ratio = PairedRatio::of(&many).expect("pairs");
        assert!(close(ratio.median, 51.0), "{ratio:?}");
        assert!(ratio.low >= 40.0 && ratio.low < 51.0, "{ratio:?}");
        assert!(ratio.high <= 62.0 && ratio.high > 51.0, "{ratio:?}");
        assert_eq!(PairedRatio::of(&[]), None);
    }

    #[test]
    fn the_interval_has_about_95_percent_coverage() {
        // For 100 values, ranks 40 and 59 (0-based) bracket the median with 95.4%.
        assert_eq!(median_interval(100), (39, 60));
        assert_eq!(median_interval(1), (0, 0));
    }
}
