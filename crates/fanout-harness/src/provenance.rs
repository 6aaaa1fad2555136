//! Where a figure came from: commit, compiler, crate versions, machine and date.

use std::collections::BTreeMap;
use std::process::Command;
use std::sync::OnceLock;
use std::time::{SystemTime, UNIX_EPOCH};

use serde::{Deserialize, Serialize};

/// The provenance stamped on every record.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Provenance {
    /// The git commit measured (`+dirty` with uncommitted changes), or `unknown`.
    pub commit: String,
    /// `rustc --version` of the compiler that built the measuring binary.
    pub rustc: String,
    /// Versions of the compared crates, from Cargo.lock.
    pub crates: BTreeMap<String, String>,
    /// CPU model.
    pub cpu: String,
    /// Logical cores available to the process.
    pub cores: usize,
    /// Operating system and kernel.
    pub os: String,
    /// When the measurement was taken, UTC, ISO 8601.
    pub date: String,
}

impl Provenance {
    /// This process's provenance, gathered once.
    pub fn current() -> &'static Provenance {
        static CURRENT: OnceLock<Provenance> = OnceLock::new();
        CURRENT.get_or_init(|| Provenance {
            commit: git_commit(),
            rustc: env!("FANOUT_RUSTC_VERSION").to_owned(),
            crates: env!("FANOUT_CRATE_VERSIONS")
                .split(',')
                .filter_map(|pair| pair.split_once('='))
                .map(|(name, version)| (name.to_owned(), version.to_owned()))
                .collect(),
            cpu: cpu_model(),
            cores: logical_cores(),
            os: operating_system(),
            date: utc_now(),
        })
    }

    /// One line for table footers and chart subtitles.
    pub fn summary(&self) -> String {
        format!(
            "{} ({} logical cores), {}, {}, commit {}, {}",
            self.cpu, self.cores, self.os, self.rustc, self.commit, self.date
        )
    }
}

/// Logical cores this process may use.
pub fn logical_cores() -> usize {
    std::thread::available_parallelism().map_or(1, std::num::NonZeroUsize::get)
}

fn git_commit() -> String {
    let repository = concat!(env!("CARGO_MANIFEST_DIR"), "/../..");
    let git = |args: &[&str]| {
        Command::new("git")
            .args(["-C", repository])
            .args(args)
            .output()
            .ok()
            .filter(|output| output.status.success())
            .map(|output| String::from_utf8_lossy(&output.stdout).trim().to_owned())
    };
    match git(&["rev-parse", "--short=12", "HEAD"]) {
        Some(commit) if !commit.is_empty() => {
            let dirty = git(&["status", "--porcelain", "--untracked-files=no"])
                .is_some_and(|status| !status.is_empty());
            if dirty {
                format!("{commit}+dirty")
            } else {
                commit
            }
        }
        _ => String::from("unknown"),
    }
}

/// The CPU's model name from `/proc/cpuinfo`, or the architecture where it has none.
#[cfg(target_os = "linux")]
fn cpu_model() -> String {
    std::fs::read_to_string("/proc/cpuinfo")
        .ok()
        .and_then(|info| {
            info.lines()
                .find(|line| line.starts_with("model name"))
                .and_then(|line| line.split_once(':'))
                .map(|(_, model)| model.split_whitespace().collect::<Vec<_>>().join(" "))
        })
        .unwrap_or_else(|| std::env::consts::ARCH.to_owned())
}

/// Off Linux, only the architecture: there is no `/proc/cpuinfo` to name the model.
#[cfg(not(target_os = "linux"))]
fn cpu_model() -> String {
    std::env::consts::ARCH.to_owned()
}

/// The distribution's name (`/etc/os-release`) and the kernel's release, as far as known.
fn operating_system() -> String {
    let name = std::fs::read_to_string("/etc/os-release")
        .ok()
        .and_then(|release| {
            release
                .lines()
                .find_map(|line| line.strip_prefix("PRETTY_NAME="))
                .map(|name| name.trim_matches('"').to_owned())
        })
        .unwrap_or_else(|| std::env::consts::OS.to_owned());
    match kernel_release() {
        Some(kernel) => format!("{name}, kernel {kernel}"),
        None => name,
    }
}

/// The kernel's release, from `/proc/sys/kernel/osrelease`.
#[cfg(target_os = "linux")]
fn kernel_release() -> Option<String> {
    let release = std::fs::read_to_string("/proc/sys/kernel/osrelease").ok()?;
    Some(release.trim().to_owned())
}

/// Off Linux the kernel's release is not looked up: the OS's name stands alone.
#[cfg(not(target_os = "linux"))]
fn kernel_release() -> Option<String> {
    None
}

/// Now, as `YYYY-MM-DDTHH:MM:SSZ`.
fn utc_now() -> String {
    let seconds = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |since| since.as_secs());
    format_utc(seconds)
}

/// Seconds since the Unix epoch as an ISO 8601 UTC time (Howard Hinnant's civil date).
fn format_utc(seconds: u64) -> String {
    let days = (seconds / 86_400) as i64;
    let time = seconds % 86_400;
    let shifted = days + 719_468;
    let era = shifted.div_euclid(146_097);
    let day_of_era = shifted.rem_euclid(146_097);
    let year_of_era =
        (day_of_era - day_of_era / 1_460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
    let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    let month_index = (5 * day_of_year + 2) / 153;
    let day = day_of_year - (153 * month_index + 2) / 5 + 1;
    let month = if month_index < 10 {
        month_index + 3
    } else {
        month_index - 9
    };
    let year = year_of_era + era * 400 + i64::from(month <= 2);
    format!(
        "{year:04}-{month:02}-{day:02}T{:02}:{:02}:{:02}Z",
        time / 3_600,
        time / 60 % 60,
        time % 60
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_are_iso_8601_utc() {
        assert_eq!(format_utc(0), "1970-01-01T00:00:00Z");
        assert_eq!(format_utc(951_782_400), "2000-02-29T00:00:00Z");
        assert_eq!(format_utc(1_795_876_496), "2026-11-28T14:34:56Z");
    }

    #[test]
    fn the_compared_crates_versions_come_from_cargo_lock() {
        let provenance = Provenance::current();
        for name in ["crossbeam-channel", "flume", "tokio", "rayon"] {
            let version = &provenance.crates[name];
            assert!(
                version.chars().next().is_some_and(|c| c.is_ascii_digit()),
                "{name} {version}"
            );
        }
        assert!(provenance.rustc.starts_with("rustc "));
        assert!(provenance.cores >= 1);
    }
}
