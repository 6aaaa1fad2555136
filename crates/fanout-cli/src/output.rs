//! Printing to stdout that survives a reader going away: `fanout demo | head` closes the
//! pipe early, and `println!` would panic on every line after that, in every worker.

use std::fmt;
use std::io::Write;

/// Prints `text` and a newline to stdout. A failed write means the reader has gone, and
/// then there is no one left to tell: the line is dropped and the run goes on to its end.
pub(crate) fn line(text: fmt::Arguments<'_>) {
    let _ = writeln!(std::io::stdout().lock(), "{text}");
}

/// Prints `text` as it is to stdout, dropped like [`line()`]'s if the reader has gone.
pub(crate) fn text(text: &str) {
    let _ = std::io::stdout().lock().write_all(text.as_bytes());
}
