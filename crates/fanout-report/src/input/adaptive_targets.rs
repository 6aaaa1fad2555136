//! [`AdaptiveTargets`]: the verdicts on the adaptive engine's targets that the `batching`
//! bench writes beside its records (`fanout/adaptive-targets.md`), taken as they are: the
//! report copies the page and quotes its summary line.

use std::fs;
use std::path::Path;

use crate::error::Error;

/// The page's name, in the bench's `fanout/` folder and in the results folder alike.
pub(crate) const ADAPTIVE_TARGETS_FILE: &str = "adaptive-targets.md";

/// How the bench's summary line begins: `Of 18 targets: 5 met, ...`.
const SUMMARY_START: &str = "Of ";

/// The bench's page of verdicts.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct AdaptiveTargets {
    /// The page, in markdown.
    pub(crate) page: String,
    /// Its last line: how many targets were met, missed, not settled and not measured.
    pub(crate) summary: String,
}

/// The page at `path`, or `None` when the file does not exist (the `batching` bench was
/// not run); a page that does not end in the bench's summary line is an error, since a
/// cut-off or foreign file would be quoted as verdicts.
pub(crate) fn read_if_present(path: &Path) -> Result<Option<AdaptiveTargets>, Error> {
    if !path.exists() {
        return Ok(None);
    }
    let page = fs::read_to_string(path).map_err(|error| Error::at(path, error))?;
    let last = page.lines().rev().find(|line| !line.trim().is_empty());
    match last {
        Some(line) if line.starts_with(SUMMARY_START) && line.contains(" targets: ") => {
            Ok(Some(AdaptiveTargets {
                summary: line.trim().to_owned(),
                page,
            }))
        }
        _ => Err(Error::at(
            path,
            "does not end in the `batching` bench's summary line (`Of N targets: ...`): run \
             `cargo bench --bench batching` again",
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_summary_is_the_last_line_and_a_page_without_it_is_an_error() {
        let folder = std::env::temp_dir().join(format!("fanout-targets-{}", std::process::id()));
        fs::create_dir_all(&folder).unwrap();
        let path = folder.join(ADAPTIVE_TARGETS_FILE);
        assert_eq!(read_if_present(&path).unwrap(), None);

        let summary = "Of 2 targets: 1 met, 0 missed, 1 not settled, 0 not measured.";
        fs::write(
            &path,
            format!("# adaptive's targets\n\n| a | b |\n\n{summary}\n\n"),
        )
        .unwrap();
        let read = read_if_present(&path).unwrap().unwrap();
        assert_eq!(read.summary, summary);
        assert!(read.page.starts_with("# adaptive's targets"));

        fs::write(&path, "# adaptive's targets\n\n| a | b |\n").unwrap();
        let error = read_if_present(&path).unwrap_err().to_string();
        assert!(error.starts_with(&path.display().to_string()), "{error}");
        assert!(error.contains("cargo bench --bench batching"), "{error}");
        fs::remove_dir_all(&folder).unwrap();
    }
}
