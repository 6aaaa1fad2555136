//! [`Ideal`]: what perfect scaling is on a workload. Work on the CPU can go no faster
//! than the cores the workers can use, `min(workers, cores)`; work that waits (a sleep
//! standing in for I/O, on a thread or on tokio's timer, and a request to the echo server)
//! needs no core while it waits, so its ideal is every worker waiting at once, `workers`,
//! however few the cores.

use crate::Workload;

/// The parallelism a workload could reach with perfect scaling.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Ideal {
    /// CPU work: `min(workers, cores)`.
    UsableCores,
    /// Blocking work: `workers`.
    Workers,
}

impl Ideal {
    /// The ideal of `workload`.
    pub fn of(workload: Workload) -> Ideal {
        match workload {
            Workload::Sleep(_) | Workload::AsyncSleep(_) | Workload::TcpEcho => Ideal::Workers,
            _ => Ideal::UsableCores,
        }
    }

    /// The ideal of the workload named `workload`; a name the harness does not know is
    /// taken for CPU work, the stricter reading of the two.
    pub fn of_name(workload: &str) -> Ideal {
        workload.parse().map_or(Ideal::UsableCores, Ideal::of)
    }

    /// How many times `sequential`'s speed the ideal run reaches.
    pub fn parallelism(self, workers: usize, cores: usize) -> usize {
        match self {
            Ideal::UsableCores => workers.min(cores).max(1),
            Ideal::Workers => workers.max(1),
        }
    }

    /// The ideal's formula, for charts and the README.
    pub fn formula(self) -> &'static str {
        match self {
            Ideal::UsableCores => "min(workers, cores)",
            Ideal::Workers => "workers",
        }
    }

    /// Its name in CSV files.
    pub fn key(self) -> &'static str {
        match self {
            Ideal::UsableCores => "usable_cores",
            Ideal::Workers => "workers_blocking",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blocking_work_counts_every_worker_and_cpu_work_only_the_cores() {
        assert_eq!(Ideal::of_name("sleep-100us"), Ideal::Workers);
        assert_eq!(Ideal::of_name("async-sleep-1ms"), Ideal::Workers);
        assert_eq!(Ideal::of_name("tcp-echo"), Ideal::Workers);
        assert_eq!(
            Ideal::of_name("spawn-blocking-spin-10us"),
            Ideal::UsableCores
        );
        assert_eq!(Ideal::of_name("spin-10us"), Ideal::UsableCores);
        assert_eq!(Ideal::of_name("no-such-workload"), Ideal::UsableCores);
        assert_eq!(Ideal::Workers.parallelism(16, 2), 16);
        assert_eq!(Ideal::UsableCores.parallelism(16, 2), 2);
        assert_eq!(Ideal::UsableCores.parallelism(0, 2), 1);
    }
}
