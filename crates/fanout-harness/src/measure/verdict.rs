//! [`Verdict`]: whether one figure beats another beyond their noise, decided from their
//! intervals: the one rule every table, conclusion and `fanout compare` calls ties by.

use super::interval::Interval;

/// How one bigger-is-better figure compares with another.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Verdict {
    /// Its whole interval lies above the other's.
    Better,
    /// The intervals overlap, or neither figure has one: the noise could explain the
    /// difference.
    Tie,
    /// Its whole interval lies below the other's.
    Worse,
}

impl Verdict {
    /// `mine` against `theirs`, both bigger-is-better.
    ///
    /// Two figures tie when their intervals overlap. A figure measured once has no
    /// interval: it counts as the single point it is, so it wins only when it lies
    /// outside the other's whole interval, never over one it falls within. Two such
    /// figures always tie: with no spread on either side nothing tells a real difference
    /// from noise, and the same configuration measured twice on a shared machine differs
    /// by up to a third.
    pub fn of(mine: Interval, theirs: Interval) -> Verdict {
        if !mine.has_width() && !theirs.has_width() {
            Verdict::Tie
        } else if mine.low > theirs.high {
            Verdict::Better
        } else if mine.high < theirs.low {
            Verdict::Worse
        } else {
            Verdict::Tie
        }
    }

    /// A ratio of bigger-is-better figures (mine over theirs, as [`Interval::over`]
    /// makes it) against 1: better when its whole interval lies above 1.
    pub fn of_ratio(ratio: Interval) -> Verdict {
        Verdict::of(ratio, Interval::point(1.0))
    }

    /// The verdict seen from the other side.
    pub fn reversed(self) -> Verdict {
        match self {
            Verdict::Better => Verdict::Worse,
            Verdict::Tie => Verdict::Tie,
            Verdict::Worse => Verdict::Better,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn overlapping_intervals_tie_and_separate_ones_do_not() {
        assert_eq!(
            Verdict::of(Interval::between(3.0, 4.0), Interval::between(1.0, 2.0)),
            Verdict::Better
        );
        assert_eq!(
            Verdict::of(Interval::between(1.0, 2.0), Interval::between(3.0, 4.0)),
            Verdict::Worse
        );
        // A 30% difference in the middles is still a tie when the noise covers it.
        assert_eq!(
            Verdict::of(Interval::between(1.0, 2.6), Interval::between(2.0, 3.0)),
            Verdict::Tie
        );
        // A 2% difference is a win when both are measured tightly enough.
        assert_eq!(
            Verdict::of(
                Interval::between(1.02, 1.021),
                Interval::between(1.0, 1.001)
            ),
            Verdict::Better
        );
    }

    #[test]
    fn a_figure_measured_once_wins_only_outside_the_others_interval() {
        assert_eq!(
            Verdict::of(Interval::point(1.5), Interval::between(1.0, 2.0)),
            Verdict::Tie
        );
        assert_eq!(
            Verdict::of(Interval::point(2.5), Interval::between(1.0, 2.0)),
            Verdict::Better
        );
        assert_eq!(
            Verdict::of(Interval::between(1.0, 2.0), Interval::point(2.5)),
            Verdict::Worse
        );
        assert_eq!(
            Verdict::of(Interval::point(10.0), Interval::point(1.0)),
            Verdict::Tie
        );
    }

    #[test]
    fn ratios_are_judged_against_one() {
        let ratio = Interval::between(3.0, 4.0).over(Interval::between(1.0, 2.0));
        assert_eq!(Verdict::of_ratio(ratio), Verdict::Better);
        assert_eq!(Verdict::of_ratio(ratio.inverse()), Verdict::Worse);
        assert_eq!(Verdict::of_ratio(Interval::between(0.9, 1.2)), Verdict::Tie);
        assert_eq!(Verdict::of_ratio(Interval::point(3.0)), Verdict::Tie);
        assert_eq!(Verdict::Better.reversed(), Verdict::Worse);
    }
}
