//! [`Error`]: why results could not be made, always naming the file or folder at fault.

use std::fmt;
use std::io;
use std::path::Path;

/// Why the results could not be made: a message that starts with the file or folder at
/// fault, so bad input never ends in a panic or a nameless complaint.
#[derive(Debug)]
pub struct Error {
    message: String,
}

impl Error {
    /// An error about the file or folder at `path`.
    pub(crate) fn at(path: &Path, message: impl fmt::Display) -> Error {
        Error {
            message: format!("{}: {message}", path.display()),
        }
    }

    /// An error from reading a JSON-lines file: the harness already names the file and
    /// line of a malformed record, so only other errors get the path added.
    pub(crate) fn from_records(path: &Path, error: &io::Error) -> Error {
        if error.kind() == io::ErrorKind::InvalidData {
            Error {
                message: error.to_string(),
            }
        } else {
            Error::at(path, error)
        }
    }

    /// The bench folder holds nothing to plot.
    pub(crate) fn no_bench_output(bench_dir: &Path) -> Error {
        Error::at(
            bench_dir,
            "no bench output (criterion/ or fanout/*.jsonl): run `cargo bench` first \
             (`FANOUT_QUICK=1 cargo bench` for a short pass), then plot again",
        )
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for Error {}
