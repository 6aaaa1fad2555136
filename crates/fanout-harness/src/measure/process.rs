//! The process's CPU time (getrusage) and peak resident memory (/proc).

use std::time::Duration;

use nix::sys::resource::{UsageWho, getrusage};

/// CPU time the process has used so far, user and system, from `getrusage`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ProcessUsage {
    /// User plus system CPU time.
    pub cpu: Duration,
}

impl ProcessUsage {
    /// Now; `None` where `getrusage` is unavailable.
    pub fn now() -> Option<ProcessUsage> {
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

    /// CPU time used since `earlier`.
    pub fn since(self, earlier: ProcessUsage) -> Duration {
        self.cpu.saturating_sub(earlier.cpu)
    }
}

/// Resets the kernel's peak-RSS mark for this process (Linux: `5` into
/// `/proc/self/clear_refs`), so [`peak_rss_bytes`] then reports the peak of what follows.
/// Returns whether it could.
pub fn reset_peak_rss() -> bool {
    std::fs::write("/proc/self/clear_refs", "5").is_ok()
}

/// The peak resident set size since the last reset (`VmHWM`), in bytes.
pub fn peak_rss_bytes() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|line| line.starts_with("VmHWM:"))?;
    let kib: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kib * 1024)
}
