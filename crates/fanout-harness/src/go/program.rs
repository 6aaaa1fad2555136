//! [`GoProgram`]: `benches/go/` built with the `go` toolchain, or why it could not be.

use std::fmt;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};
use std::process::Command;

use crate::measure::LostOrDuplicated;

/// The Go program's source: `benches/go/` of the workspace this crate was built in.
const SOURCE: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../benches/go");

/// What anyone without Go is told, once, where the Go rows are skipped.
pub const INSTALL_GO: &str = "the seed's Go program (the Go rows, `fanout demo --go`) needs \
     the `go` toolchain on PATH: install Debian's `golang-go` package (`sudo apt-get \
     install golang-go`) or Go 1.19 or newer from https://go.dev/dl/";

/// The built Go program.
#[derive(Clone, Debug)]
pub struct GoProgram {
    binary: PathBuf,
}

/// Why the Go program could not be built or run, or a run of it gave no figure.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum GoError {
    /// There is no `go` on PATH.
    NoToolchain,
    /// The source folder is not there: this binary runs outside the checkout it was built in.
    NoSource(PathBuf),
    /// `go build` failed, with what it printed.
    Build(String),
    /// The program could not be started, written to or read from.
    Io(String),
    /// The Go program does not run this workload.
    Unsupported(String),
    /// The Go program refused a request, saying why.
    Refused(String),
    /// The program sent no reply within the time any run may take.
    NoReply(std::time::Duration),
    /// A run lost or duplicated an item: it has no figure.
    LostOrDuplicated(LostOrDuplicated),
}

impl fmt::Display for GoError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            GoError::NoToolchain => f.write_str(INSTALL_GO),
            GoError::NoSource(path) => write!(
                f,
                "the Go program's source is not at {}: run from the fanout checkout this \
                 binary was built in",
                path.display()
            ),
            GoError::Build(output) => write!(f, "`go build` of benches/go failed:\n{output}"),
            GoError::Io(error) => write!(f, "could not talk to the Go program: {error}"),
            GoError::Unsupported(workload) => write!(
                f,
                "the Go program does not run `{workload}`: it runs noop, seed, spin-<d>, \
                 sleep-<d>, skewed and skewed-rare"
            ),
            GoError::Refused(why) => write!(f, "the Go program refused the run: {why}"),
            GoError::NoReply(waited) => {
                write!(f, "the Go program sent no reply in {} s", waited.as_secs())
            }
            GoError::LostOrDuplicated(error) => write!(f, "in Go, {error}"),
        }
    }
}

impl std::error::Error for GoError {}

impl GoError {
    pub(crate) fn io(error: impl fmt::Display) -> GoError {
        GoError::Io(error.to_string())
    }
}

impl GoProgram {
    /// Builds `benches/go/` into `folder/fanout-go` with `go build` (which caches, so a
    /// second build is quick), or says why it cannot: [`GoError::NoToolchain`] when `go`
    /// is not on PATH.
    pub fn build(folder: &Path) -> Result<GoProgram, GoError> {
        let source = Path::new(SOURCE);
        if !source.join("go.mod").is_file() {
            return Err(GoError::NoSource(source.to_path_buf()));
        }
        fs::create_dir_all(folder).map_err(GoError::io)?;
        // `go build` runs in the source folder, so the output path must not be relative.
        let binary = std::path::absolute(folder.join("fanout-go")).map_err(GoError::io)?;
        let built = Command::new("go")
            .args(["build", "-o"])
            .arg(&binary)
            .arg(".")
            .current_dir(source)
            .output();
        match built {
            Err(error) if error.kind() == io::ErrorKind::NotFound => Err(GoError::NoToolchain),
            Err(error) => Err(GoError::io(error)),
            Ok(output) if !output.status.success() => Err(GoError::Build(format!(
                "{}{}",
                String::from_utf8_lossy(&output.stdout),
                String::from_utf8_lossy(&output.stderr)
            ))),
            Ok(_) => Ok(GoProgram { binary }),
        }
    }

    /// The built executable.
    pub fn binary(&self) -> &Path {
        &self.binary
    }

    /// The command that runs the seed's demo in Go; add its flags (`-items`, `-workers`,
    /// `-random-state`, `-time-scale`) and run it.
    pub fn demo(&self) -> Command {
        let mut command = Command::new(&self.binary);
        command.arg("demo");
        command
    }
}
