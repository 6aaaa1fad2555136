//! [`RatioGrid`]: ratios with their intervals laid out as a markdown table, each cell
//! the ratio and its interval where it wins or loses beyond the noise, `tie` where not;
//! and the tally a one-line verdict is computed from.

use crate::conclusions::Verdict;
use crate::data::interval::Interval;
use crate::format;
use crate::output::markdown;

/// Ratios (mine over theirs, bigger is better) by row label and column.
pub(crate) struct RatioGrid {
    /// What the row labels name, for the corner cell.
    corner: String,
    columns: Vec<String>,
    rows: Vec<(String, Vec<Option<Interval>>)>,
}

/// How many cells came out which way.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(crate) struct Tally {
    pub(crate) better: usize,
    pub(crate) ties: usize,
    pub(crate) worse: usize,
}

impl Tally {
    /// Cells judged.
    pub(crate) fn total(self) -> usize {
        self.better + self.ties + self.worse
    }
}

impl RatioGrid {
    /// An empty grid with these columns.
    pub(crate) fn new(corner: &str, columns: Vec<String>) -> RatioGrid {
        RatioGrid {
            corner: corner.to_owned(),
            columns,
            rows: Vec::new(),
        }
    }

    /// Adds a row, one cell per column; a row with no figure at all is left out.
    pub(crate) fn push(&mut self, label: String, cells: Vec<Option<Interval>>) {
        if cells.iter().any(Option::is_some) {
            self.rows.push((label, cells));
        }
    }

    /// Whether no row has a figure.
    pub(crate) fn is_empty(&self) -> bool {
        self.rows.is_empty()
    }

    /// Every ratio in it.
    pub(crate) fn ratios(&self) -> impl Iterator<Item = Interval> + '_ {
        self.rows
            .iter()
            .flat_map(|(_, cells)| cells.iter().flatten().copied())
    }

    /// The ratios of one column.
    pub(crate) fn column(&self, index: usize) -> impl Iterator<Item = Interval> + '_ {
        self.rows
            .iter()
            .filter_map(move |(_, cells)| cells.get(index).copied().flatten())
    }

    /// How the cells of `ratios` come out against 1.
    pub(crate) fn tally(ratios: impl Iterator<Item = Interval>) -> Tally {
        let mut tally = Tally::default();
        for ratio in ratios {
            match Verdict::of_ratio(ratio) {
                Verdict::Better => tally.better += 1,
                Verdict::Tie => tally.ties += 1,
                Verdict::Worse => tally.worse += 1,
            }
        }
        tally
    }

    /// The columns.
    pub(crate) fn columns(&self) -> &[String] {
        &self.columns
    }

    /// Each row's label and the headings of the columns where it wins beyond the noise,
    /// with how many cells it has.
    pub(crate) fn row_wins(&self) -> impl Iterator<Item = (&str, Vec<&str>, usize)> + '_ {
        self.rows.iter().map(|(label, cells)| {
            let wins = cells
                .iter()
                .zip(&self.columns)
                .filter(|(cell, _)| {
                    cell.is_some_and(|ratio| Verdict::of_ratio(ratio) == Verdict::Better)
                })
                .map(|(_, column)| column.as_str())
                .collect();
            (label.as_str(), wins, cells.iter().flatten().count())
        })
    }

    /// The markdown table.
    pub(crate) fn markdown(&self) -> String {
        let mut header = vec![self.corner.clone()];
        header.extend(self.columns.iter().cloned());
        let rows: Vec<Vec<String>> = self
            .rows
            .iter()
            .map(|(label, cells)| {
                let mut row = vec![label.clone()];
                row.extend(
                    cells
                        .iter()
                        .map(|cell| cell.map_or_else(String::new, written)),
                );
                row
            })
            .collect();
        markdown::table(&header, &rows)
    }
}

/// A cell: `0.62x (0.55-0.70x)` beyond the noise, `0.97x (tie)` within it.
fn written(ratio: Interval) -> String {
    match Verdict::of_ratio(ratio) {
        Verdict::Tie => format!("{} (tie)", format::times(ratio.value)),
        Verdict::Better | Verdict::Worse => ratio.times_short(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cells_say_tie_within_the_noise_and_the_interval_beyond_it() {
        let mut grid = RatioGrid::new("workload", vec!["1".into(), "2".into()]);
        grid.push(
            "`noop`".into(),
            vec![
                Some(Interval::between(0.5, 0.7)),
                Some(Interval::between(0.9, 1.1)),
            ],
        );
        grid.push("`empty`".into(), vec![None, None]);
        grid.push(
            "`spin`".into(),
            vec![None, Some(Interval::between(1.2, 1.4))],
        );
        let table = grid.markdown();
        assert!(
            table.contains("| `noop` | 0.6x (0.5-0.7x) | 1x (tie) |"),
            "{table}"
        );
        assert!(table.contains("| `spin` |  | 1.3x (1.2-1.4x) |"), "{table}");
        assert!(!table.contains("empty"), "{table}");
        let tally = RatioGrid::tally(grid.ratios());
        assert_eq!(
            tally,
            Tally {
                better: 1,
                ties: 1,
                worse: 1
            }
        );
        assert_eq!(RatioGrid::tally(grid.column(1)).total(), 2);
        let wins: Vec<_> = grid.row_wins().collect();
        assert_eq!(wins, vec![("`noop`", vec![], 2), ("`spin`", vec!["2"], 1)]);
    }
}
