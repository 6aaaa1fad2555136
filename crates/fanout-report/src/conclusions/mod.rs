//! The conclusions: each a heading, a table of the figures with their intervals and one
//! verdict line computed from them, never typed in.

mod async_costs;
mod async_work;
mod contract;
pub(crate) mod distributed;
mod efficiency_capacity;
pub(crate) mod seed;
mod streaming;
mod winners;

use crate::data::Results;
use crate::format;

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

impl Finding {
    /// A finding whose figures are missing: its one paragraph says which bench would
    /// answer it.
    pub(crate) fn lacking(heading: String, what_to_run: &str) -> Finding {
        Finding {
            heading,
            paragraphs: vec![what_to_run.to_owned()],
        }
    }
}

/// Every conclusion the figures support, in the README's order; a question whose
/// figures are missing gets a paragraph saying which bench would answer it.
pub(crate) fn findings(results: &Results) -> Vec<Finding> {
    let mut findings = vec![winners::finding(results), streaming::finding(results)];
    findings.extend(seed::findings(results));
    findings.push(contract::finding(results));
    findings.extend(efficiency_capacity::finding(results));
    findings.extend([
        async_work::finding(results),
        async_costs::finding(results),
        distributed::finding(results),
    ]);
    findings
}

/// A figure with its unit, as the scenarios measure them.
pub(crate) fn figure(value: f64, unit: &str) -> String {
    match unit {
        "ns" => format::duration(value),
        _ => format!("{} {unit}", format::si(value)),
    }
}

/// `a`, `a and b`, `a, b and c`.
pub(crate) fn list<S: AsRef<str>>(items: &[S]) -> String {
    match items {
        [] => String::new(),
        [only] => only.as_ref().to_owned(),
        [rest @ .., last] => {
            let rest: Vec<&str> = rest.iter().map(AsRef::as_ref).collect();
            format!("{} and {}", rest.join(", "), last.as_ref())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lists_read_as_sentences() {
        assert_eq!(list(&["a", "b", "c"]), "a, b and c");
    }
}
