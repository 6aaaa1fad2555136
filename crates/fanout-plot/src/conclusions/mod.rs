//! The conclusions: each a heading and paragraphs of markdown computed from the figures,
//! quoting the measured numbers and the machine, never typed in.

pub(crate) mod adaptive;
mod contract;
mod efficiency_capacity;
mod seed;
mod streaming;
mod winners;

use crate::data::Results;
use crate::format;
use fanout_harness::measure::median;

/// Differences smaller than this fraction are called ties: a shared 2-core machine does
/// not resolve finer ones from run to run.
pub(crate) const TIE: f64 = 0.05;

/// One conclusion.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Finding {
    /// Its heading.
    pub(crate) heading: String,
    /// Its paragraphs, in markdown.
    pub(crate) paragraphs: Vec<String>,
}

/// Every conclusion the figures support, in the README's order; a question whose
/// figures are missing gets a paragraph saying which bench would answer it.
pub(crate) fn findings(results: &Results) -> Vec<Finding> {
    let mut findings = vec![winners::finding(results), streaming::finding(results)];
    findings.extend(seed::findings(results));
    findings.push(contract::finding(results));
    findings.extend(efficiency_capacity::finding(results));
    findings
}

/// How one figure compares with another, both bigger-is-better.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Verdict {
    /// Better by more than [`TIE`].
    Better,
    /// Within [`TIE`] either way.
    Tie,
    /// Worse by more than [`TIE`].
    Worse,
}

/// The verdict on a ratio of bigger-is-better figures (mine over theirs).
pub(crate) fn verdict(ratio: f64) -> Verdict {
    if ratio > 1.0 + TIE {
        Verdict::Better
    } else if ratio < 1.0 / (1.0 + TIE) {
        Verdict::Worse
    } else {
        Verdict::Tie
    }
}

/// Ratios as `1.2x` alone, or `0.55x to 0.93x (median 0.71x)`.
pub(crate) fn spread(ratios: &[f64]) -> String {
    let low = ratios.iter().copied().fold(f64::INFINITY, f64::min);
    let high = ratios.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    if ratios.len() == 1 || format::times(low) == format::times(high) {
        format::times(low)
    } else {
        format!(
            "{} to {} (median {})",
            format::times(low),
            format::times(high),
            format::times(median(ratios).unwrap_or(f64::NAN))
        )
    }
}

/// A figure with its unit, as the scenarios measure them.
pub(crate) fn figure(value: f64, unit: &str) -> String {
    match unit {
        "ns" => format::duration(value),
        _ => format!("{} {unit}", format::si(value)),
    }
}

/// `a`, `a and b`, `a, b and c`.
pub(crate) fn list(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [only] => only.clone(),
        [rest @ .., last] => format!("{} and {last}", rest.join(", ")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn small_differences_are_ties() {
        assert_eq!(verdict(1.04), Verdict::Tie);
        assert_eq!(verdict(1.0 / 1.04), Verdict::Tie);
        assert_eq!(verdict(1.2), Verdict::Better);
        assert_eq!(verdict(0.5), Verdict::Worse);
        assert_eq!(spread(&[0.5, 1.0, 2.0]), "0.5x to 2x (median 1x)");
        assert_eq!(list(&["a".into(), "b".into(), "c".into()]), "a, b and c");
    }
}
