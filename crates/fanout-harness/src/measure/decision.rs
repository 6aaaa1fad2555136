//! [`Decision`]: which engine to use for one workload and worker count, from each
//! candidate's throughput and `sequential`'s: the winner, its margin over the runner-up,
//! and whether fanning out pays at all. The README's decision table and `fanout compare`
//! both decide with it.

use super::interval::Interval;
use super::verdict::Verdict;

/// The winner's lead over the runner-up.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Margin<'a> {
    /// The runner-up.
    pub runner_up: &'a str,
    /// The winner's throughput over the runner-up's, with its interval.
    pub ratio: Interval,
    /// Whether the lead stands beyond the noise ([`Verdict::Better`]) or is a tie.
    pub verdict: Verdict,
}

/// The verdict for one workload and worker count.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Decision<'a> {
    /// The candidate with the most items per second.
    pub winner: &'a str,
    /// Its items per second with their interval.
    pub rate: Interval,
    /// Its lead over the next best, when there is one.
    pub margin: Option<Margin<'a>>,
    /// The winner's throughput over `sequential`'s, when `sequential` was measured.
    pub over_sequential: Option<Interval>,
    /// Whether any candidate's interval lies wholly above `sequential`'s; `None` without
    /// `sequential`.
    pub fan_out: Option<bool>,
}

impl<'a> Decision<'a> {
    /// The decision among `candidates` (name and items per second), against
    /// `sequential`'s items per second; `None` without candidates.
    pub fn of(
        candidates: &[(&'a str, Interval)],
        sequential: Option<Interval>,
    ) -> Option<Decision<'a>> {
        let mut ranked: Vec<(&'a str, Interval)> = candidates
            .iter()
            .copied()
            .filter(|(_, rate)| rate.value.is_finite() && rate.low > 0.0)
            .collect();
        ranked.sort_by(|a, b| b.1.value.total_cmp(&a.1.value));
        let &(winner, rate) = ranked.first()?;
        let margin = ranked.get(1).map(|&(runner_up, theirs)| Margin {
            runner_up,
            ratio: rate.over(theirs),
            verdict: Verdict::of(rate, theirs),
        });
        // Any candidate, not only the winner: a narrower interval can settle what the
        // fastest middle cannot.
        let fan_out = sequential.map(|sequential| {
            ranked
                .iter()
                .any(|&(_, rate)| Verdict::of(rate, sequential) == Verdict::Better)
        });
        Some(Decision {
            winner,
            rate,
            margin,
            over_sequential: sequential.map(|sequential| rate.over(sequential)),
            fan_out,
        })
    }

    /// The lead in a few words: `1.3x (1.1-1.5x) over flume`, `tie with flume`, or
    /// `no runner-up`.
    pub fn margin_phrase(&self, name: impl Fn(&str) -> String) -> String {
        match self.margin {
            Some(margin) if margin.verdict == Verdict::Better => format!(
                "{} over {}",
                margin.ratio.times_short(),
                name(margin.runner_up)
            ),
            Some(margin) => format!("tie with {}", name(margin.runner_up)),
            None => String::from("no runner-up"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rate(value: f64, spread: f64) -> Interval {
        Interval {
            value,
            low: value - spread,
            high: value + spread,
        }
    }

    #[test]
    fn the_winner_leads_beyond_the_noise_or_ties() {
        let candidates = [("a", rate(10.0, 1.0)), ("b", rate(20.0, 1.0))];
        let decision = Decision::of(&candidates, Some(rate(5.0, 1.0))).unwrap();
        assert_eq!(decision.winner, "b");
        assert_eq!(decision.margin.unwrap().runner_up, "a");
        assert_eq!(decision.margin.unwrap().verdict, Verdict::Better);
        assert_eq!(decision.fan_out, Some(true));
        assert_eq!(decision.over_sequential.unwrap().value, 4.0);
        assert_eq!(
            decision.margin_phrase(str::to_owned),
            "2x (1.73-2.33x) over a"
        );

        let close = [("a", rate(10.0, 3.0)), ("b", rate(11.0, 3.0))];
        let decision = Decision::of(&close, None).unwrap();
        assert_eq!(decision.margin_phrase(str::to_owned), "tie with a");
        assert_eq!(decision.fan_out, None);
    }

    #[test]
    fn fanning_out_pays_only_above_sequentials_interval() {
        let candidates = [("a", rate(10.0, 3.0))];
        let decision = Decision::of(&candidates, Some(rate(9.0, 1.0))).unwrap();
        assert_eq!(decision.fan_out, Some(false));
        assert_eq!(decision.margin_phrase(str::to_owned), "no runner-up");
        assert_eq!(Decision::of(&[], None), None);
    }
}
