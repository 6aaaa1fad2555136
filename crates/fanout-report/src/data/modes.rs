//! [`Modes`]: whether a benchmark's samples fall in two groups (a bimodal figure, such as
//! `rayon` on `noop`, whose workers sometimes sleep and sometimes spin), and where the two
//! groups lie.
//!
//! The rule: sort the per-iteration times and look at every place where both sides keep
//! at least [`MIN_SHARE`] of the samples; take the largest gap between neighbours there.
//! The samples are two modes when that gap is wider than [`GAP_OVER_SPREAD`] times the
//! spread inside either side (the larger interquartile range of the two) and at least
//! [`MIN_RELATIVE_GAP`] of the lower mode. One mode's samples, however skewed, leave no
//! such hole in their middle: in `n` samples neighbours lie about `1/n` of the spread
//! apart. Each mode's figure is the median of its side.

use fanout_harness::measure::{median, quartiles};

/// The smallest share of the samples each mode must hold: fewer is a few outliers, which
/// the median already ignores, not a second way the code runs.
pub(crate) const MIN_SHARE: f64 = 0.2;

/// How many times wider than the spread within a mode the gap between modes must be.
pub(crate) const GAP_OVER_SPREAD: f64 = 2.0;

/// The smallest gap worth calling two modes, as a fraction of the lower mode: two tight
/// groups a few percent apart (a timer's granularity) change no verdict.
pub(crate) const MIN_RELATIVE_GAP: f64 = 0.05;

/// The fewest samples the rule is applied to: criterion's own minimum sample size.
const MIN_SAMPLES: usize = 10;

/// The two modes of a bimodal figure, in the samples' unit (nanoseconds per run).
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) struct Modes {
    /// The median of the faster (lower) group.
    pub(crate) low: f64,
    /// The median of the slower (higher) group.
    pub(crate) high: f64,
    /// The share of the samples in the lower group.
    pub(crate) low_share: f64,
}

/// The two modes of `samples`, or `None` when they have one (or are too few to tell).
pub(crate) fn modes_of(samples: &[f64]) -> Option<Modes> {
    let mut sorted: Vec<f64> = samples
        .iter()
        .copied()
        .filter(|value| value.is_finite())
        .collect();
    if sorted.len() < MIN_SAMPLES {
        return None;
    }
    sorted.sort_by(f64::total_cmp);
    let count = sorted.len();
    let least = ((count as f64) * MIN_SHARE).ceil() as usize;
    // `split` is the first sample of the upper side; both sides keep `least` or more.
    let split = (least.max(1)..=count - least)
        .max_by(|&a, &b| gap(&sorted, a).total_cmp(&gap(&sorted, b)))?;
    let (lower, upper) = sorted.split_at(split);
    let widest_gap = gap(&sorted, split);
    let spread = interquartile_range(lower).max(interquartile_range(upper));
    let low = median(lower)?;
    let high = median(upper)?;
    let bimodal = widest_gap > GAP_OVER_SPREAD * spread && widest_gap >= MIN_RELATIVE_GAP * low;
    bimodal.then_some(Modes {
        low,
        high,
        low_share: lower.len() as f64 / count as f64,
    })
}

/// The gap between the sample before `split` and the one at it, in sorted samples.
fn gap(sorted: &[f64], split: usize) -> f64 {
    sorted[split] - sorted[split - 1]
}

fn interquartile_range(values: &[f64]) -> f64 {
    quartiles(values).map_or(0.0, |(first, third)| third - first)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `count` values spread evenly over `centre` +- `half_width`, in a shuffled order so
    /// the detector cannot lean on the input being sorted.
    fn cluster(centre: f64, half_width: f64, count: usize) -> Vec<f64> {
        (0..count)
            .map(|index| (index * 7) % count)
            .map(|step| centre - half_width + 2.0 * half_width * step as f64 / count as f64)
            .collect()
    }

    #[test]
    fn one_cluster_has_one_mode_even_when_skewed() {
        assert_eq!(modes_of(&cluster(100.0, 10.0, 100)), None);
        // Exponential-like: most samples near 100, a long tail to 1000.
        let skewed: Vec<f64> = (1..=100)
            .map(|rank| 100.0 - 100.0 * (1.0 - rank as f64 / 101.0).ln())
            .collect();
        assert_eq!(modes_of(&skewed), None);
    }

    #[test]
    fn two_clusters_are_two_modes_with_their_medians() {
        let mut samples = cluster(100.0, 5.0, 60);
        samples.extend(cluster(300.0, 5.0, 40));
        let modes = modes_of(&samples).expect("two clusters 200 apart, 10 wide");
        assert!((modes.low - 100.0).abs() < 1.0, "{modes:?}");
        assert!((modes.high - 300.0).abs() < 1.0, "{modes:?}");
        assert!((modes.low_share - 0.6).abs() < 1e-9, "{modes:?}");
    }

    #[test]
    fn a_few_outliers_are_not_a_second_mode() {
        let mut samples = cluster(100.0, 5.0, 90);
        samples.extend(cluster(300.0, 5.0, 10));
        assert_eq!(modes_of(&samples), None);
    }

    #[test]
    fn clusters_closer_than_their_spread_are_one_mode() {
        let mut samples = cluster(100.0, 20.0, 50);
        samples.extend(cluster(130.0, 20.0, 50));
        assert_eq!(modes_of(&samples), None);
    }

    #[test]
    fn too_few_samples_tell_nothing() {
        assert_eq!(modes_of(&[1.0, 1.0, 1.0, 9.0, 9.0, 9.0]), None);
    }
}
