//! Figures derived from several rows measured in the same run: speed-up and efficiency.

use std::time::Duration;

/// How a row scales against the `sequential` row of the same workload and run.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Scaling {
    /// Sequential time over this row's time.
    pub speed_up: f64,
    /// Speed-up over the workers that can actually run at once, `min(workers, cores)`.
    pub efficiency: f64,
}

/// Sequential time over `elapsed`, both for the same items.
fn speed_up(sequential: Duration, elapsed: Duration) -> f64 {
    sequential.as_secs_f64() / elapsed.as_secs_f64().max(f64::MIN_POSITIVE)
}

/// `speed_up / min(workers, cores)`: 1.0 is perfect use of the cores the workers can get.
fn efficiency(speed_up: f64, workers: usize, cores: usize) -> f64 {
    speed_up / workers.min(cores).max(1) as f64
}

impl Scaling {
    /// The scaling of a run that took `elapsed` where `sequential` took `sequential`.
    pub fn of(sequential: Duration, elapsed: Duration, workers: usize, cores: usize) -> Scaling {
        let speed_up = speed_up(sequential, elapsed);
        Scaling {
            speed_up,
            efficiency: efficiency(speed_up, workers, cores),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn efficiency_counts_only_the_cores_the_workers_can_use() {
        let scaling = Scaling::of(Duration::from_secs(8), Duration::from_secs(4), 16, 2);
        assert_eq!(scaling.speed_up, 2.0);
        assert_eq!(scaling.efficiency, 1.0);
        assert_eq!(efficiency(1.0, 1, 2), 1.0);
    }
}
