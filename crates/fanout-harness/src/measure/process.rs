//! The process's CPU time (getrusage, on Unix) and peak resident memory (Linux's /proc).
//!
//! Both are informational: a run is measured by its wall time and checked by its ledger,
//! so where the platform cannot tell these they are `None`, and the tables say "n/a",
//! never a 0 that would read as measured.

use std::time::Duration;

/// CPU time the process has used so far, user and system, from `getrusage`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ProcessUsage {
    /// User plus system CPU time.
    pub cpu: Duration,
}

impl ProcessUsage {
    /// Now; `None` where `getrusage` fails.
    #[cfg(unix)]
    pub fn now() -> Option<ProcessUsage> {
        use nix::sys::resource::{UsageWho, getrusage};

        let usage = getrusage(UsageWho::RUSAGE_SELF).ok()?;
        let seconds = |time: nix::sys::time::TimeVal| {
            Duration::new(
                time.tv_sec().max(0) as u64,
                time.tv_usec().max(0) as u32 * 1_000,
            )
        };
        Some(ProcessUsage {
            cpu: seconds(usage.user_time()) + seconds(usage.system_time()),
        })
    }

    /// Off Unix there is no `getrusage`, so no CPU time: always `None`.
    #[cfg(not(unix))]
    pub fn now() -> Option<ProcessUsage> {
        None
    }

    /// CPU time used since `earlier`.
    pub fn since(self, earlier: ProcessUsage) -> Duration {
        self.cpu.saturating_sub(earlier.cpu)
    }
}

/// Resets the kernel's peak-RSS mark for this process (`5` into `/proc/self/clear_refs`),
/// so [`peak_rss_bytes`] then reports the peak of what follows. Returns whether it could;
/// when it could not, the peak that follows is not the run's and must not be reported.
#[cfg(target_os = "linux")]
pub fn reset_peak_rss() -> bool {
    std::fs::write("/proc/self/clear_refs", "5").is_ok()
}

/// Off Linux there is no peak-RSS mark to reset: always `false`.
#[cfg(not(target_os = "linux"))]
pub fn reset_peak_rss() -> bool {
    false
}

/// The peak resident set size since the last reset (`VmHWM` in `/proc/self/status`), in
/// bytes; `None` where it cannot be read.
#[cfg(target_os = "linux")]
pub fn peak_rss_bytes() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|line| line.starts_with("VmHWM:"))?;
    let kib: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kib * 1024)
}

/// Off Linux there is no `VmHWM`: always `None`.
#[cfg(not(target_os = "linux"))]
pub fn peak_rss_bytes() -> Option<u64> {
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[cfg(unix)]
    #[test]
    fn cpu_time_is_measured_on_unix() {
        let before = ProcessUsage::now().expect("getrusage on Unix");
        let after = ProcessUsage::now().expect("getrusage on Unix");
        assert!(
            after.cpu > Duration::ZERO,
            "a running process has used some CPU"
        );
        assert!(after.cpu >= before.cpu);
    }

    #[cfg(target_os = "linux")]
    #[test]
    fn peak_memory_is_measured_on_linux() {
        // Some sandboxes forbid writing clear_refs; the peak is then not reported at all.
        if reset_peak_rss() {
            assert!(peak_rss_bytes().is_some_and(|bytes| bytes > 0));
        }
        assert!(peak_rss_bytes().is_some(), "VmHWM in /proc/self/status");
    }

    #[cfg(not(target_os = "linux"))]
    #[test]
    fn peak_memory_is_not_available_off_linux() {
        assert!(!reset_peak_rss());
        assert_eq!(peak_rss_bytes(), None);
    }
}
