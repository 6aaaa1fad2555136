//! [`Busyness`]: whether other processes used the machine while the comparison ran, read
//! from the kernel's CPU counters less this process's own CPU time.

use std::time::{Duration, Instant};

use fanout_harness::logical_cores;
use fanout_harness::measure::ProcessUsage;

/// Above this share of the cores used by others, the comparison says the machine was busy:
/// a tenth is about what this VM drifts between quiet runs.
const BUSY_SHARE: f64 = 0.10;

/// Clock ticks per second of `/proc/stat`'s counters (`USER_HZ`, 100 on Linux).
const TICKS_PER_SECOND: f64 = 100.0;

/// The machine's CPU counters, this process's CPU time and the load average, at a moment.
pub(crate) struct Busyness {
    at: Instant,
    machine_busy: Duration,
    own: ProcessUsage,
    load: Option<f64>,
}

impl Busyness {
    /// Now; `None` where the counters cannot be read (not Linux).
    pub(crate) fn now() -> Option<Busyness> {
        Some(Busyness {
            at: Instant::now(),
            machine_busy: machine_busy()?,
            own: ProcessUsage::now()?,
            load: load_average(),
        })
    }

    /// A warning when other processes used more than a tenth of the cores since `self`.
    pub(crate) fn warning_since(&self) -> Option<String> {
        let now = Busyness::now()?;
        let cores = logical_cores();
        let others = others_share(
            now.at.duration_since(self.at),
            now.machine_busy.saturating_sub(self.machine_busy),
            now.own.since(self.own),
            cores,
        );
        let load =
            |load: Option<f64>| load.map_or_else(|| String::from("?"), |l| format!("{l:.2}"));
        (others > BUSY_SHARE).then(|| {
            format!(
                "Warning: this machine was busy: other processes (or the VM's host) used {:.0}% \
                 of its {cores} cores while the comparison ran (load average {} before, {} \
                 after); its figures may be off, so run it again on a quiet machine.",
                others * 100.0,
                load(self.load),
                load(now.load)
            )
        })
    }
}

/// The share of `cores` over `wall` that the machine was busy beyond `own`'s CPU time.
fn others_share(wall: Duration, machine: Duration, own: Duration, cores: usize) -> f64 {
    let capacity = wall.as_secs_f64() * cores as f64;
    if capacity <= 0.0 {
        return 0.0;
    }
    ((machine.as_secs_f64() - own.as_secs_f64()) / capacity).max(0.0)
}

/// The CPU time all cores have spent busy since boot: the first line of `/proc/stat`, its
/// user, nice, system, irq, softirq and steal ticks (steal: time the VM's host ran others).
fn machine_busy() -> Option<Duration> {
    let stat = std::fs::read_to_string("/proc/stat").ok()?;
    let ticks: Vec<u64> = stat
        .lines()
        .next()?
        .strip_prefix("cpu ")?
        .split_whitespace()
        .map(|field| field.parse().ok())
        .collect::<Option<_>>()?;
    let busy: u64 = [0, 1, 2, 5, 6, 7]
        .iter()
        .map(|&index| ticks.get(index).copied().unwrap_or(0))
        .sum();
    Some(Duration::from_secs_f64(busy as f64 / TICKS_PER_SECOND))
}

/// The one-minute load average, from `/proc/loadavg`.
fn load_average() -> Option<f64> {
    std::fs::read_to_string("/proc/loadavg")
        .ok()?
        .split_whitespace()
        .next()?
        .parse()
        .ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn others_share_is_the_busy_time_beyond_our_own_over_the_cores() {
        let s = Duration::from_secs_f64;
        assert!((others_share(s(1.0), s(2.0), s(1.5), 2) - 0.25).abs() < 1e-9);
        assert_eq!(
            others_share(s(1.0), s(1.0), s(1.2), 2),
            0.0,
            "never below zero"
        );
        assert_eq!(others_share(Duration::ZERO, s(1.0), s(0.0), 2), 0.0);
    }

    #[test]
    fn the_busy_line_sums_user_nice_system_irq_softirq_and_steal() {
        assert!(machine_busy().is_some_and(|busy| busy > Duration::ZERO));
    }
}
