//! [`Interval`]: a figure with the ends of its 95% confidence interval, and ratios of such
//! figures that keep an interval honest.

use crate::format;

/// A figure and its 95% confidence interval; a figure measured once has `low == high`.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) struct Interval {
    /// The point estimate.
    pub(crate) value: f64,
    /// The lower end.
    pub(crate) low: f64,
    /// The upper end.
    pub(crate) high: f64,
}

impl Interval {
    /// A figure with no interval: one run, or a source that gives none.
    pub(crate) fn point(value: f64) -> Interval {
        Interval {
            value,
            low: value,
            high: value,
        }
    }

    /// Whether it has a width: a measured interval rather than a single figure.
    pub(crate) fn has_width(&self) -> bool {
        self.low < self.high
    }

    /// This figure over `other`, both positive. The ends pair each one's extreme against
    /// the other's opposite extreme, so the interval covers both uncertainties; it is
    /// wider than a 95% interval of the ratio would be, which can only make a verdict
    /// drawn from it more cautious.
    pub(crate) fn over(self, other: Interval) -> Interval {
        Interval {
            value: self.value / other.value,
            low: self.low / other.high,
            high: self.high / other.low,
        }
    }

    /// One over the figure, its ends swapped: a time ratio turned into a throughput ratio.
    pub(crate) fn inverse(self) -> Interval {
        Interval {
            value: 1.0 / self.value,
            low: 1.0 / self.high,
            high: 1.0 / self.low,
        }
    }

    /// `1.2x (0.98x to 1.4x)`, or `1.2x` alone when it has no width.
    pub(crate) fn times(&self) -> String {
        self.written(format::times)
    }

    /// The figure and its ends written by `write`.
    pub(crate) fn written(&self, write: impl Fn(f64) -> String) -> String {
        if self.has_width() {
            format!(
                "{} ({} to {})",
                write(self.value),
                write(self.low),
                write(self.high)
            )
        } else {
            write(self.value)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ratios_cover_both_intervals() {
        let mine = Interval {
            value: 2.0,
            low: 1.0,
            high: 3.0,
        };
        let theirs = Interval {
            value: 4.0,
            low: 2.0,
            high: 6.0,
        };
        let ratio = mine.over(theirs);
        assert_eq!((ratio.value, ratio.low, ratio.high), (0.5, 1.0 / 6.0, 1.5));
        let inverse = ratio.inverse();
        assert_eq!(
            (inverse.value, inverse.low, inverse.high),
            (2.0, 1.0 / 1.5, 6.0)
        );
        assert_eq!(Interval::point(1.5).times(), "1.5x");
        assert_eq!(mine.times(), "2x (1x to 3x)");
    }
}
