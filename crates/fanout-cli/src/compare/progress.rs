//! What the comparison shows while it measures: a bar on a terminal, and a line per
//! configuration where stderr is a log or a pipe, since a bar is invisible there.

use std::io::IsTerminal;

use fanout_harness::Workload;
use indicatif::{ProgressBar, ProgressStyle};

use super::measure::Measured;

/// Progress on stderr, drawn as suits it.
pub(crate) enum Progress {
    /// A bar that redraws itself in place.
    Bar(ProgressBar),
    /// A line per configuration measured, with how many of how many.
    Lines {
        /// Configurations measured so far.
        done: usize,
        /// Configurations in all.
        total: usize,
    },
}

impl Progress {
    /// Progress over `total` configurations of `workload`.
    pub(crate) fn new(workload: Workload, total: usize) -> Progress {
        if !std::io::stderr().is_terminal() {
            eprintln!("measuring {workload}: {total} configurations");
            return Progress::Lines { done: 0, total };
        }
        let bar = ProgressBar::new(total as u64).with_style(
            ProgressStyle::with_template("{prefix} [{bar:30}] {pos}/{len} {msg}")
                .expect("a valid template")
                .progress_chars("=> "),
        );
        bar.set_prefix(format!("measuring {workload}"));
        Progress::Bar(bar)
    }

    /// `label` (`crossbeam with 4 workers`) is being measured.
    pub(crate) fn start(&self, label: &str) {
        if let Progress::Bar(bar) = self {
            bar.set_message(label.to_owned());
        }
    }

    /// `measured` is done.
    pub(crate) fn done(&mut self, label: &str, measured: &Measured) {
        match self {
            Progress::Bar(bar) => bar.inc(1),
            Progress::Lines { done, total } => {
                *done += 1;
                eprintln!(
                    "[{done}/{total}] {label}: {} timed runs of {} items, median {:.2?}, then \
                     a latency run",
                    measured.runs, measured.items, measured.median
                );
            }
        }
    }

    /// Clears the bar, if there is one, before the table is printed.
    pub(crate) fn finish(self) {
        if let Progress::Bar(bar) = self {
            bar.finish_and_clear();
        }
    }
}
