//! What the comparison shows while it measures: a bar on a terminal, and a line per round
//! where stderr is a log or a pipe, since a bar is invisible there.

use std::io::IsTerminal;
use std::time::Duration;

use fanout_harness::Workload;
use indicatif::{ProgressBar, ProgressStyle};

/// Progress on stderr, drawn as suits it.
pub(crate) enum Progress {
    /// A bar of turns (a configuration timed in a round) that redraws itself in place.
    Bar {
        /// The bar.
        bar: ProgressBar,
        /// Configurations, each taking one turn a round.
        configurations: usize,
    },
    /// A line per round.
    Lines,
}

impl Progress {
    /// Progress over `configurations` of `workload`, timed in at least `fewest_rounds`.
    pub(crate) fn new(workload: Workload, configurations: usize, fewest_rounds: usize) -> Progress {
        if !std::io::stderr().is_terminal() {
            eprintln!(
                "measuring {workload}: {configurations} configurations, timed once in each \
                 round (at least {fewest_rounds} rounds)"
            );
            return Progress::Lines;
        }
        let bar = ProgressBar::new((configurations * fewest_rounds) as u64).with_style(
            ProgressStyle::with_template("{prefix} [{bar:30}] {pos}/{len} {msg}")
                .expect("a valid template")
                .progress_chars("=> "),
        );
        bar.set_prefix(format!("measuring {workload}"));
        Progress::Bar {
            bar,
            configurations,
        }
    }

    /// `label` (`crossbeam with 4 workers`) is being timed.
    pub(crate) fn start(&self, label: &str) {
        if let Progress::Bar { bar, .. } = self {
            bar.set_message(label.to_owned());
        }
    }

    /// The configuration started last has had its turn.
    pub(crate) fn done(&self) {
        if let Progress::Bar { bar, .. } = self {
            bar.inc(1);
        }
    }

    /// Round `round` (counted from 1) is done, in `took`.
    pub(crate) fn round_done(&self, round: usize, took: Duration) {
        if let Progress::Lines = self {
            eprintln!("round {round} done in {took:.2?}");
        }
    }

    /// Another round follows, past those the bar counted.
    pub(crate) fn another_round(&self) {
        if let Progress::Bar {
            bar,
            configurations,
        } = self
            && bar.position() >= bar.length().unwrap_or(0)
        {
            bar.inc_length(*configurations as u64);
        }
    }

    /// Clears the bar, if there is one, before the table is printed.
    pub(crate) fn finish(self) {
        if let Progress::Bar { bar, .. } = self {
            bar.finish_and_clear();
        }
    }
}
