//! [`Timed`]: a row ready to time, Rust's ([`Trial`]) or Go's ([`GoTrial`]), so that the
//! criterion benches and the paired rounds time both with one piece of code.

use std::time::Duration;

use fanout_harness::go::GoTrial;
use fanout_harness::{Trial, Workload};

use crate::checked;

/// A built row: each run is checked for exactly-once delivery, and a run that fails stops
/// the bench instead of giving a time.
pub trait Timed {
    /// The row's name.
    fn name(&self) -> &'static str;

    /// The workload it runs.
    fn workload(&self) -> Workload;

    /// One run of `items` items: its time, from the first item to the last result.
    fn time(&mut self, items: usize) -> Duration;
}

impl Timed for Trial {
    fn name(&self) -> &'static str {
        self.row().name
    }

    fn workload(&self) -> Workload {
        Trial::workload(self)
    }

    fn time(&mut self, items: usize) -> Duration {
        let (name, workload) = (Timed::name(self), Timed::workload(self));
        checked(self.throughput(items), name, workload).elapsed
    }
}

impl Timed for GoTrial {
    fn name(&self) -> &'static str {
        self.row().name
    }

    fn workload(&self) -> Workload {
        GoTrial::workload(self)
    }

    fn time(&mut self, items: usize) -> Duration {
        let (name, workload) = (Timed::name(self), Timed::workload(self));
        checked(self.throughput(items), name, workload).elapsed
    }
}
