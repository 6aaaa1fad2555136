//! [`Timing`]: one criterion estimate understood: which group, row and worker count, and
//! how long one run of how many items took.

use std::time::Duration;

use crate::data::group::Group;
use crate::data::interval::Interval;
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
    /// gave none), in nanoseconds.
    pub(crate) median: Interval,
    /// Mean time of one run with its 95% confidence interval, in nanoseconds, where
    /// criterion gave one.
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
        Ok(Some(Timing {
            group,
            row: estimate.function.clone(),
            workers,
            items,
            nanos: estimate.nanos,
            median: interval_of(estimate.median),
            mean: estimate.mean.map(interval_of),
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

    /// Wall time per item, in nanoseconds.
    pub(crate) fn nanos_per_item(&self) -> f64 {
        self.nanos / self.items as f64
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
