//! [`Target`]: a figure the project aims for, and the verdict on a measured interval:
//! met only when the whole interval meets it, missed only when the whole interval misses
//! it, otherwise not settled by this run.

use std::fmt;

use super::interval::Interval;

/// Which side of a threshold the figure must fall on.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Target {
    /// The figure must be at least this.
    AtLeast(f64),
    /// The figure must be at most this.
    AtMost(f64),
}

/// The verdict on one target.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TargetVerdict {
    /// The whole interval meets the target.
    Met,
    /// The whole interval misses it.
    Missed,
    /// The interval straddles it: this run cannot tell.
    NotSettled,
}

impl Target {
    /// The verdict on `figure`.
    pub fn judge(self, figure: &Interval) -> TargetVerdict {
        let meets = |value: f64| match self {
            Target::AtLeast(threshold) => value >= threshold,
            Target::AtMost(threshold) => value <= threshold,
        };
        match (meets(figure.low), meets(figure.high)) {
            (true, true) => TargetVerdict::Met,
            (false, false) => TargetVerdict::Missed,
            _ => TargetVerdict::NotSettled,
        }
    }
}

impl TargetVerdict {
    /// The verdict on several parts of one target: missed if any part is, met only if
    /// every part is; no parts settle nothing.
    pub fn all(verdicts: impl IntoIterator<Item = TargetVerdict>) -> TargetVerdict {
        let verdicts: Vec<TargetVerdict> = verdicts.into_iter().collect();
        if verdicts.contains(&TargetVerdict::Missed) {
            TargetVerdict::Missed
        } else if !verdicts.is_empty() && verdicts.iter().all(|&v| v == TargetVerdict::Met) {
            TargetVerdict::Met
        } else {
            TargetVerdict::NotSettled
        }
    }
}

impl fmt::Display for TargetVerdict {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            TargetVerdict::Met => "met",
            TargetVerdict::Missed => "missed",
            TargetVerdict::NotSettled => "not settled",
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_a_whole_interval_settles_a_target() {
        let at_most = Target::AtMost(2.0);
        assert_eq!(
            at_most.judge(&Interval::between(1.0, 2.0)),
            TargetVerdict::Met
        );
        assert_eq!(
            at_most.judge(&Interval::between(2.1, 3.0)),
            TargetVerdict::Missed
        );
        assert_eq!(
            at_most.judge(&Interval::between(1.5, 2.5)),
            TargetVerdict::NotSettled
        );
        let at_least = Target::AtLeast(0.9);
        assert_eq!(
            at_least.judge(&Interval::between(0.91, 0.95)),
            TargetVerdict::Met
        );
        assert_eq!(
            at_least.judge(&Interval::between(0.7, 0.89)),
            TargetVerdict::Missed
        );
        assert_eq!(at_least.judge(&Interval::point(0.9)), TargetVerdict::Met);
        use TargetVerdict::{Met, Missed, NotSettled};
        assert_eq!(TargetVerdict::all([Met, Met]), Met);
        assert_eq!(TargetVerdict::all([Met, NotSettled]), NotSettled);
        assert_eq!(TargetVerdict::all([NotSettled, Missed]), Missed);
        assert_eq!(TargetVerdict::all([]), NotSettled);
    }
}
