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

pub(crate) use fanout_harness::measure::Verdict;

/// How the README says what a tie is, once, for its opening paragraph.
pub(crate) const TIE_RULE: &str = "Two figures tie when their intervals overlap (criterion's \
     95% confidence interval of the median, or the spread of repeated runs); a figure \
     measured once wins only when it lies outside the other's whole interval.";

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
    fn spreads_and_lists_read_as_sentences() {
        assert_eq!(spread(&[0.5, 1.0, 2.0]), "0.5x to 2x (median 1x)");
        assert_eq!(list(&["a".into(), "b".into(), "c".into()]), "a, b and c");
    }
}
