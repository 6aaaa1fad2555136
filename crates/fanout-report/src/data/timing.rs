//! [`Timing`]: one criterion estimate understood: which group, row and worker count, and
//! how long one run of how many items took.

use std::time::Duration;

use crate::data::group::Group;
use crate::data::interval::Interval;
use crate::data::modes::{Modes, modes_of};
use crate::error::Error;
use crate::input::{Estimate, Statistic};

/// One row's median run time in one group at one worker count.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Timing {
    /// The group.
    pub(crate) group: Group,
    /// The row's name.
    pub(crate) row: String,
    /// Workers.
    pub(crate) workers: usize,
    /// Items per run (1 for start-up: the time to one result).
    pub(crate) items: u64,
    /// Median time of one run, in nanoseconds.
    pub(crate) nanos: f64,
    /// Median time of one run with its 95% confidence interval (a point where criterion
    /// gave none), in nanoseconds. For a bimodal figure the interval is stretched to take
    /// in both modes, so that a verdict on it holds only if it holds for either mode.
    pub(crate) median: Interval,
    /// The two modes of one run's time, in nanoseconds, where criterion's samples fall
    /// in two groups.
    pub(crate) modes: Option<Modes>,
    /// Whether criterion's raw samples were there to tell: without them a figure with
    /// two modes cannot be told from one with one.
    pub(crate) sampled: bool,
    /// Mean time of one run with its 95% confidence interval (stretched over both modes
    /// of a bimodal figure, as the median's), in nanoseconds, where criterion gave one.
    pub(crate) mean: Option<Interval>,
}

impl Timing {
    /// The timing an estimate holds; `None` for groups that are not fanout's. A parameter
    /// that is not a worker count, or a missing element count, is an error naming the file.
    pub(crate) fn from_estimate(estimate: &Estimate) -> Result<Option<Timing>, Error> {
        let Some(group) = Group::parse(&estimate.group) else {
            return Ok(None);
        };
        let workers = estimate.parameter.parse().map_err(|_| {
            Error::at(
                &estimate.file,
                format!("value_str `{}` is not a worker count", estimate.parameter),
            )
        })?;
        let items = match (&group, estimate.items) {
            (_, Some(items)) => items,
            (Group::Startup(_), None) => 1,
            (_, None) => {
                return Err(Error::at(
                    &estimate.file,
                    "no `Elements` throughput: cannot tell items per second",
                ));
            }
        };
        let modes = estimate.samples.as_deref().and_then(modes_of);
        Ok(Some(Timing {
            group,
            row: estimate.function.clone(),
            workers,
            items,
            nanos: estimate.nanos,
            median: spanning_modes(interval_of(estimate.median), modes),
            modes,
            sampled: estimate.samples.is_some(),
            mean: estimate
                .mean
                .map(|mean| spanning_modes(interval_of(mean), modes)),
        }))
    }

    /// The time of one run with its interval, for verdicts: criterion's mean and its 95%
    /// confidence interval, or the median alone where criterion wrote no mean.
    pub(crate) fn time_with_interval(&self) -> Interval {
        self.mean.unwrap_or_else(|| Interval::point(self.nanos))
    }

    /// Items through the whole fan-out/fan-in per second.
    pub(crate) fn items_per_second(&self) -> f64 {
        self.items as f64 / (self.nanos * 1e-9)
    }

    /// Items per second with the interval of the median it comes from: what throughput
    /// verdicts compare.
    pub(crate) fn rate(&self) -> Interval {
        self.median.scaled(1e-9 / self.items as f64).inverse()
    }

    /// Wall time per item with its interval, in nanoseconds.
    pub(crate) fn nanos_per_item_interval(&self) -> Interval {
        self.median.scaled(1.0 / self.items as f64)
    }

    /// The time of one run.
    pub(crate) fn elapsed(&self) -> Duration {
        Duration::from_secs_f64(self.nanos * 1e-9)
    }
}

/// A criterion statistic as an interval; one without an interval is a point.
fn interval_of(statistic: Statistic) -> Interval {
    let value = statistic.point_estimate;
    match statistic.confidence_interval {
        Some(bounds) if bounds.lower_bound > 0.0 && bounds.upper_bound >= bounds.lower_bound => {
            Interval {
                value,
                low: bounds.lower_bound,
                high: bounds.upper_bound,
            }
        }
        _ => Interval::point(value),
    }
}

/// `median` widened to reach both modes: a figure that is sometimes one thing and
/// sometimes another is only known to lie between them.
fn spanning_modes(median: Interval, modes: Option<Modes>) -> Interval {
    match modes {
        Some(modes) => Interval {
            value: median.value,
            low: median.low.min(modes.low),
            high: median.high.max(modes.high),
        },
        None => median,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_bimodal_figure_spans_both_modes() {
        let median = Interval {
            value: 150.0,
            low: 140.0,
            high: 160.0,
        };
        let modes = Modes {
            low: 100.0,
            high: 300.0,
            low_share: 0.5,
        };
        let spanned = spanning_modes(median, Some(modes));
        assert_eq!(
            (spanned.low, spanned.value, spanned.high),
            (100.0, 150.0, 300.0)
        );
        assert_eq!(spanning_modes(median, None), median);
    }
}
