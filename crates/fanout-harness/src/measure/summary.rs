//! Figures derived from several rows measured in the same run: speed-up and efficiency.

use std::time::Duration;

use crate::measure::Ideal;

/// How a row scales against the `sequential` row of the same workload and run.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Scaling {
    /// Sequential time over this row's time.
    pub speed_up: f64,
    /// Speed-up over the parallelism of the workload's [`Ideal`]: `min(workers, cores)`
    /// for CPU work, `workers` for blocking work.
    pub efficiency: f64,
}

/// Sequential time over `elapsed`, both for the same items.
fn speed_up(sequential: Duration, elapsed: Duration) -> f64 {
    sequential.as_secs_f64() / elapsed.as_secs_f64().max(f64::MIN_POSITIVE)
}

impl Scaling {
    /// The scaling of a run that took `elapsed` where `sequential` took `sequential`, with
    /// `workers` on `cores` and 1.0 efficiency at `ideal`.
    pub fn of(
        sequential: Duration,
        elapsed: Duration,
        workers: usize,
        cores: usize,
        ideal: Ideal,
    ) -> Scaling {
        let speed_up = speed_up(sequential, elapsed);
        Scaling {
            speed_up,
            efficiency: speed_up / ideal.parallelism(workers, cores) as f64,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn efficiency_counts_the_cores_for_cpu_work_and_every_worker_for_blocking_work() {
        let (eight, four) = (Duration::from_secs(8), Duration::from_secs(4));
        let cpu = Scaling::of(eight, four, 16, 2, Ideal::UsableCores);
        assert_eq!(cpu.speed_up, 2.0);
        assert_eq!(cpu.efficiency, 1.0);
        let blocking = Scaling::of(eight, four, 16, 2, Ideal::Workers);
        assert_eq!(blocking.efficiency, 2.0 / 16.0);
        let one = Scaling::of(eight, eight, 1, 2, Ideal::UsableCores);
        assert_eq!(one.efficiency, 1.0);
    }
}
