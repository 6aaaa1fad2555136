//! `fanout worker` child processes for the benches that cross a NATS server.

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};

/// The `fanout` binary for worker processes: built now by the cargo running this bench
/// when its profile is `release`, into `target/fanout-cli/` (else `target/<profile>/fanout`
/// if one is there). Cargo gives benches no path to another package's binary; building it
/// here keeps the workers' code the bench's. Its own target directory, because `-p
/// fanout-cli` alone unifies the dependencies' features differently from the bench's
/// build: in `target/release/` each would rebuild the other's dependencies, minutes each
/// time.
pub fn fanout_binary() -> Option<PathBuf> {
    let executable = std::env::current_exe().ok()?;
    let profile_dir = executable.parent()?.parent()?;
    let own_dir = profile_dir.parent()?.join("fanout-cli");
    if let (Some(cargo), true) = (
        std::env::var_os("CARGO"),
        profile_dir.file_name() == Some("release".as_ref()),
    ) {
        let built = Command::new(cargo)
            .args([
                "build",
                "--quiet",
                "--release",
                "-p",
                "fanout-cli",
                "--target-dir",
            ])
            .arg(&own_dir)
            .status();
        if !matches!(built, Ok(status) if status.success()) {
            println!("building the `fanout` binary failed: {built:?}");
        }
    }
    [
        own_dir.join("release").join("fanout"),
        profile_dir.join("fanout"),
    ]
    .into_iter()
    .find(|binary| binary.is_file())
}

/// A `fanout worker --workers 1` child process, killed on drop.
pub struct WorkerProcess(Child);

impl WorkerProcess {
    /// Starts one and waits until it serves.
    pub fn start(fanout: &Path, url: &str) -> WorkerProcess {
        let mut child = Command::new(fanout)
            .args(["worker", "--nats", url, "--workers", "1"])
            .stdout(Stdio::piped())
            .spawn()
            .unwrap_or_else(|error| panic!("could not start {}: {error}", fanout.display()));
        let mut line = String::new();
        let _read = BufReader::new(child.stdout.take().expect("piped")).read_line(&mut line);
        assert!(
            line.starts_with("serving"),
            "the worker did not start: {line:?}"
        );
        WorkerProcess(child)
    }

    /// Its process id.
    pub fn id(&self) -> u32 {
        self.0.id()
    }
}

impl Drop for WorkerProcess {
    fn drop(&mut self) {
        let _ignored = self.0.kill();
        let _reaped = self.0.wait();
    }
}
