//! [`DecisionCell`]: one cell of the decision bench, every candidate timed once in each of
//! several rounds, and [`CellVerdict`], which engine and configuration it names and by how
//! much, from the ratios within each round.
//!
//! Whole runs of a bench minutes apart drift by a tenth on a shared machine, more than the
//! leads being judged. Within one round the candidates run seconds apart, so the ratio of
//! two candidates' times in the same round carries little of that drift; the lead is the
//! median of those ratios over the rounds, with its 95% interval ([`PairedRatio`]).

use serde::{Deserialize, Serialize};

use super::{PairedRatio, median};
use crate::provenance::Provenance;
use crate::rows::{RAYON_PAR_ITER, SEQUENTIAL, STATIC_SPLIT};

/// A lead counts as a win only when its whole interval lies above this ratio; below it the
/// cell is a tie.
pub const WIN_ABOVE: f64 = 1.05;

/// One candidate of a cell and its time in each round.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Candidate {
    /// The row (an engine, or `sequential`, `static-split`, `rayon-par-iter`).
    pub row: String,
    /// The queue capacity asked for; `None` for the row's default, or a row without one.
    pub capacity: Option<usize>,
    /// Nanoseconds per item in each round, in the rounds' order.
    pub nanos_per_item: Vec<f64>,
}

impl Candidate {
    /// The row and its configuration: `crossbeam, capacity 64`, or the row's name alone.
    pub fn label(&self) -> String {
        match self.capacity {
            Some(capacity) => format!("{}, capacity {capacity}", self.row),
            None => self.row.clone(),
        }
    }

    /// The median time per item over the rounds; infinite with no rounds.
    pub fn median(&self) -> f64 {
        median(&self.nanos_per_item).unwrap_or(f64::INFINITY)
    }

    /// Whether the candidate is a streaming engine, not one of the baselines.
    pub fn is_engine(&self) -> bool {
        ![SEQUENTIAL, STATIC_SPLIT, RAYON_PAR_ITER].contains(&self.row.as_str())
    }

    /// `other`'s time over this candidate's, round by round: above 1 where this one is
    /// faster. `None` when they share no round.
    pub fn lead_over(&self, other: &Candidate) -> Option<PairedRatio> {
        PairedRatio::of_ratios(
            other
                .nanos_per_item
                .iter()
                .zip(&self.nanos_per_item)
                .map(|(theirs, ours)| theirs / ours.max(f64::MIN_POSITIVE))
                .collect(),
        )
    }
}

/// One cell of the decision bench: a workload at a worker count, each candidate timed
/// once in each round. Written one per line to `target/fanout/decision.jsonl`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct DecisionCell {
    /// The workload's name.
    pub workload: String,
    /// Workers.
    pub workers: usize,
    /// Items per run.
    pub items: usize,
    /// The candidates, each with one time per round.
    pub candidates: Vec<Candidate>,
    /// Where the figures came from.
    pub provenance: Provenance,
}

impl DecisionCell {
    /// The candidate of `row` at `capacity`.
    pub fn candidate(&self, row: &str, capacity: Option<usize>) -> Option<&Candidate> {
        self.candidates
            .iter()
            .find(|candidate| candidate.row == row && candidate.capacity == capacity)
    }

    /// Each engine at its fastest configuration, fastest first.
    pub fn engines_at_their_best(&self) -> Vec<&Candidate> {
        let mut best: Vec<&Candidate> = Vec::new();
        for candidate in self.candidates.iter().filter(|c| c.is_engine()) {
            match best.iter_mut().find(|known| known.row == candidate.row) {
                Some(known) if candidate.median() < known.median() => *known = candidate,
                Some(_) => {}
                None => best.push(candidate),
            }
        }
        best.sort_by(|a, b| a.median().total_cmp(&b.median()));
        best
    }
}

/// What a cell says: the fastest engine in its fastest configuration, its lead over the
/// next engine, and the winner against the baselines.
#[derive(Clone, Debug, PartialEq)]
pub struct CellVerdict<'a> {
    /// The fastest engine, in its fastest configuration.
    pub winner: &'a Candidate,
    /// The next engine, in its fastest configuration.
    pub runner_up: Option<&'a Candidate>,
    /// The runner-up's time over the winner's, round by round.
    pub lead: Option<PairedRatio>,
    /// The winner's engine at its default capacity, where the winner is at another one,
    /// and its time over the winner's.
    pub over_own_default: Option<PairedRatio>,
    /// `sequential`'s time over the winner's.
    pub over_sequential: Option<PairedRatio>,
    /// `static-split`'s time over the winner's.
    pub over_static_split: Option<PairedRatio>,
    /// `rayon-par-iter`'s time over the winner's.
    pub over_rayon_par_iter: Option<PairedRatio>,
}

impl<'a> CellVerdict<'a> {
    /// The verdict of `cell`; `None` when no engine was timed.
    pub fn of(cell: &'a DecisionCell) -> Option<CellVerdict<'a>> {
        let mut ranked = cell.engines_at_their_best();
        // The medians of the times rank the engines; the first two are then ordered by
        // their ratio within the rounds, the figure the lead is quoted by, so that a
        // winner never leads by less than 1x.
        if let [first, second, ..] = ranked[..]
            && first
                .lead_over(second)
                .is_some_and(|lead| lead.median < 1.0)
        {
            ranked.swap(0, 1);
        }
        let winner = *ranked.first()?;
        let runner_up = ranked.get(1).copied();
        let baseline = |row: &str| {
            cell.candidate(row, None)
                .and_then(|other| winner.lead_over(other))
        };
        Some(CellVerdict {
            winner,
            runner_up,
            lead: runner_up.and_then(|other| winner.lead_over(other)),
            over_own_default: winner
                .capacity
                .and_then(|_| cell.candidate(&winner.row, None))
                .and_then(|default| winner.lead_over(default)),
            over_sequential: baseline(SEQUENTIAL),
            over_static_split: baseline(STATIC_SPLIT),
            over_rayon_par_iter: baseline(RAYON_PAR_ITER),
        })
    }

    /// Whether the winner's lead over the runner-up is a win: its interval above
    /// [`WIN_ABOVE`]. A winner with no runner-up wins.
    pub fn wins(&self) -> bool {
        self.lead.is_none_or(|lead| lead.low > WIN_ABOVE)
    }

    /// Whether fanning out pays: the winner beats `sequential` by more than
    /// [`WIN_ABOVE`] over the whole interval. `None` without `sequential`.
    pub fn fan_out(&self) -> Option<bool> {
        self.over_sequential.map(|ratio| ratio.low > WIN_ABOVE)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn candidate(row: &str, capacity: Option<usize>, times: &[f64]) -> Candidate {
        Candidate {
            row: row.to_owned(),
            capacity,
            nanos_per_item: times.to_vec(),
        }
    }

    fn cell(candidates: Vec<Candidate>) -> DecisionCell {
        DecisionCell {
            workload: String::from("spin-10us"),
            workers: 2,
            items: 1000,
            candidates,
            provenance: Provenance::current().clone(),
        }
    }

    const ROUNDS: usize = 9;

    /// Times that drift by a third over the rounds, scaled by `factor`.
    fn drifting(factor: f64) -> Vec<f64> {
        (0..ROUNDS)
            .map(|round| factor * (100.0 + 33.0 * round as f64 / ROUNDS as f64))
            .collect()
    }

    #[test]
    fn the_winner_is_an_engine_at_its_best_capacity_and_its_lead_is_paired() {
        let cell = cell(vec![
            candidate("crossbeam", None, &drifting(1.3)),
            candidate("crossbeam", Some(64), &drifting(1.0)),
            candidate("flume", None, &drifting(1.2)),
            candidate("sequential", None, &drifting(2.0)),
            candidate("rayon-par-iter", None, &drifting(0.9)),
        ]);
        let verdict = CellVerdict::of(&cell).unwrap();
        assert_eq!(verdict.winner.label(), "crossbeam, capacity 64");
        assert_eq!(verdict.runner_up.unwrap().label(), "flume");
        // The drift cancels within each round: every ratio is the same.
        let lead = verdict.lead.unwrap();
        assert!((lead.median - 1.2).abs() < 1e-9 && (lead.low - 1.2).abs() < 1e-9);
        assert!(verdict.wins());
        assert!((verdict.over_own_default.unwrap().median - 1.3).abs() < 1e-9);
        assert_eq!(verdict.fan_out(), Some(true));
        assert!(verdict.over_rayon_par_iter.unwrap().median < 1.0);
        assert_eq!(verdict.over_static_split, None);
    }

    #[test]
    fn a_lead_whose_interval_reaches_below_the_threshold_is_a_tie() {
        // Flume is 3% slower in most rounds, faster in some: no win.
        let winner = drifting(1.0);
        let close: Vec<f64> = winner
            .iter()
            .enumerate()
            .map(|(round, time)| time * if round % 3 == 0 { 0.99 } else { 1.03 })
            .collect();
        let cell = cell(vec![
            candidate("crossbeam", None, &winner),
            candidate("flume", None, &close),
            candidate("sequential", None, &drifting(1.02)),
        ]);
        let verdict = CellVerdict::of(&cell).unwrap();
        assert_eq!(verdict.winner.row, "crossbeam");
        assert!(!verdict.wins());
        assert_eq!(verdict.fan_out(), Some(false));
        assert_eq!(verdict.over_own_default, None);
    }

    #[test]
    fn the_first_two_are_ordered_by_their_ratio_within_the_rounds() {
        // Crossbeam has the lower median, but flume is faster in most rounds.
        let cell = cell(vec![
            candidate("crossbeam", None, &[90.0, 100.0, 200.0]),
            candidate("flume", None, &[80.0, 95.0, 300.0]),
        ]);
        let verdict = CellVerdict::of(&cell).unwrap();
        assert_eq!(verdict.winner.row, "flume");
        assert!(verdict.lead.unwrap().median > 1.0);
    }

    #[test]
    fn a_cell_without_engines_has_no_verdict_and_cells_round_trip_through_json() {
        let cell = cell(vec![candidate("sequential", None, &[100.0, 120.5])]);
        assert_eq!(CellVerdict::of(&cell), None);
        let json = serde_json::to_string(&cell).unwrap();
        assert_eq!(serde_json::from_str::<DecisionCell>(&json).unwrap(), cell);
        assert_eq!(candidate("x", None, &[]).median(), f64::INFINITY);
        assert_eq!(candidate("x", None, &[3.0, 1.0]).median(), 2.0);
    }
}
