//! [`median`]: the one median of every figure, in benches, tables and conclusions.

use std::time::Duration;

/// A value two of which can be averaged, for the median of an even count.
pub trait Midpoint: Copy + PartialOrd {
    /// The value halfway between `self` and `other`.
    fn midpoint(self, other: Self) -> Self;
}

impl Midpoint for f64 {
    fn midpoint(self, other: f64) -> f64 {
        self / 2.0 + other / 2.0
    }
}

impl Midpoint for Duration {
    fn midpoint(self, other: Duration) -> Duration {
        self / 2 + other / 2
    }
}

/// The median of `values`: the middle one, or the mean of the middle two for an even
/// count; `None` for no values. NaNs sort as equal to everything, so they move the median
/// at most one place.
pub fn median<T: Midpoint>(values: &[T]) -> Option<T> {
    let mut sorted = values.to_vec();
    sorted.sort_by(|a, b| a.partial_cmp(b).unwrap_or(std::cmp::Ordering::Equal));
    let middle = sorted.len() / 2;
    match sorted.len() {
        0 => None,
        count if count % 2 == 1 => Some(sorted[middle]),
        _ => Some(sorted[middle - 1].midpoint(sorted[middle])),
    }
}

/// The first and third quartiles of `values`: the medians of the lower and the upper
/// half (the middle value, for an odd count, in neither); `None` for no values, and the
/// one value twice for one.
pub fn quartiles<T: Midpoint>(values: &[T]) -> Option<(T, T)> {
    let mut sorted = values.to_vec();
    sorted.sort_by(|a, b| a.partial_cmp(b).unwrap_or(std::cmp::Ordering::Equal));
    let half = sorted.len() / 2;
    if sorted.len() == 1 {
        return Some((sorted[0], sorted[0]));
    }
    Some((
        median(&sorted[..half])?,
        median(&sorted[sorted.len() - half..])?,
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_middle_or_the_mean_of_the_middle_two() {
        assert_eq!(median(&[3.0, 1.0, 2.0]), Some(2.0));
        assert_eq!(median(&[4.0, 1.0]), Some(2.5));
        assert_eq!(median::<f64>(&[]), None);
        let ms = Duration::from_millis;
        assert_eq!(median(&[ms(9), ms(1), ms(3), ms(5)]), Some(ms(4)));
    }

    #[test]
    fn quartiles_are_the_medians_of_each_half() {
        assert_eq!(quartiles(&[5.0, 1.0, 3.0, 2.0, 4.0]), Some((1.5, 4.5)));
        assert_eq!(quartiles(&[4.0, 1.0, 3.0, 2.0]), Some((1.5, 3.5)));
        assert_eq!(quartiles(&[7.0]), Some((7.0, 7.0)));
        assert_eq!(quartiles::<f64>(&[]), None);
    }
}
