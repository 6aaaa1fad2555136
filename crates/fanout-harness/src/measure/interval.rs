//! [`Interval`]: a figure with the ends of its spread (a 95% confidence interval, or the
//! quartiles of repeated runs), and ratios of such figures that keep the spread honest.

use crate::format;

/// A figure and its spread; a figure measured once has `low == high`.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Interval {
    /// The point estimate.
    pub value: f64,
    /// The lower end.
    pub low: f64,
    /// The upper end.
    pub high: f64,
}

impl Interval {
    /// A figure with no spread: one run, or a source that gives none.
    pub fn point(value: f64) -> Interval {
        Interval {
            value,
            low: value,
            high: value,
        }
    }

    /// A figure known only by its ends, taken to lie midway between them.
    pub fn between(low: f64, high: f64) -> Interval {
        Interval {
            value: (low + high) / 2.0,
            low,
            high,
        }
    }

    /// Whether it has a width: a measured spread rather than a single figure.
    pub fn has_width(&self) -> bool {
        self.low < self.high
    }

    /// Whether the two share any figure: neither lies wholly above the other.
    pub fn overlaps(&self, other: &Interval) -> bool {
        self.low <= other.high && other.low <= self.high
    }

    /// This figure over `other`, both positive. The ends pair each one's extreme against
    /// the other's opposite extreme, so the interval covers both uncertainties; it is
    /// wider than a 95% interval of the ratio would be, which can only make a verdict
    /// drawn from it more cautious.
    pub fn over(self, other: Interval) -> Interval {
        Interval {
            value: self.value / other.value,
            low: self.low / other.high,
            high: self.high / other.low,
        }
    }

    /// One over the figure, its ends swapped: a time turned into a rate.
    pub fn inverse(self) -> Interval {
        Interval {
            value: 1.0 / self.value,
            low: 1.0 / self.high,
            high: 1.0 / self.low,
        }
    }

    /// Every figure multiplied by `factor` (positive): times per run into times per item.
    pub fn scaled(self, factor: f64) -> Interval {
        Interval {
            value: self.value * factor,
            low: self.low * factor,
            high: self.high * factor,
        }
    }

    /// `1.2x (0.98x to 1.4x)`, or `1.2x` alone when it has no width.
    pub fn times(&self) -> String {
        self.written(format::times)
    }

    /// `1.3x (1.1-1.5x)`: the short form, for table cells.
    pub fn times_short(&self) -> String {
        if self.has_width() {
            let end = |value: f64| format::times(value).trim_end_matches('x').to_owned();
            format!(
                "{} ({}-{}x)",
                format::times(self.value),
                end(self.low),
                end(self.high)
            )
        } else {
            format::times(self.value)
        }
    }

    /// The figure and its ends written by `write`.
    pub fn written(&self, write: impl Fn(f64) -> String) -> String {
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
        assert_eq!(mine.times_short(), "2x (1-3x)");
        assert!(mine.overlaps(&theirs) && theirs.overlaps(&mine));
        assert!(!mine.overlaps(&theirs.scaled(2.0)));
    }
}
