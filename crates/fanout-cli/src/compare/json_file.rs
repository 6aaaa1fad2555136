//! The `--json` file, checked before anything is measured so that a bad path fails in a
//! second, not after the whole comparison.

use std::fs::{self, OpenOptions};
use std::path::{Path, PathBuf};

use fanout_harness::Record;

/// A JSON-lines file known to be writable, written once the records exist.
#[derive(Debug)]
pub(crate) struct JsonFile {
    path: PathBuf,
    /// Whether opening it made it, so that a comparison that fails can take it away again.
    created: bool,
}

impl JsonFile {
    /// Opens `path` for writing, creating the file but not its folder: a folder that does
    /// not exist is more often a typo than a wish. The file is not emptied yet, so a
    /// comparison that fails leaves an earlier one's records alone.
    pub(crate) fn open(path: &Path) -> Result<JsonFile, String> {
        let shown = path.display();
        if path.is_dir() {
            return Err(format!(
                "--json {shown}: that is a folder; give a file's path"
            ));
        }
        let folder = path
            .parent()
            .filter(|folder| !folder.as_os_str().is_empty());
        if let Some(folder) = folder.filter(|folder| !folder.is_dir()) {
            return Err(format!(
                "--json {shown}: the folder {} does not exist; create it first or give \
                 another path",
                folder.display()
            ));
        }
        let created = !path.exists();
        OpenOptions::new()
            .append(true)
            .create(true)
            .open(path)
            .map_err(|error| format!("--json {shown}: cannot open it for writing: {error}"))?;
        Ok(JsonFile {
            path: path.to_owned(),
            created,
        })
    }

    /// Replaces the file's contents with `records`, one JSON object a line.
    pub(crate) fn write(self, records: &[Record]) -> Result<(), String> {
        fanout_harness::write_json_lines(&self.path, records)
            .map_err(|error| format!("could not write {}: {error}", self.path.display()))?;
        eprintln!("records written to {}", self.path.display());
        Ok(())
    }

    /// Removes the file again if opening it made it, since no records will come.
    pub(crate) fn abandon(self) {
        if self.created {
            // Only an empty file made a moment ago is at stake, so a failure is left be.
            let _ = fs::remove_file(&self.path);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scratch(name: &str) -> PathBuf {
        let folder = std::env::temp_dir().join(format!("fanout-cli-json-{}", std::process::id()));
        fs::create_dir_all(&folder).unwrap();
        folder.join(name)
    }

    #[test]
    fn a_missing_folder_is_an_error_naming_it() {
        let path = scratch("missing").join("records.jsonl");
        let error = JsonFile::open(&path).unwrap_err();
        assert!(error.contains("does not exist"), "{error}");
        assert!(error.contains(&path.parent().unwrap().display().to_string()));
        assert!(!path.parent().unwrap().exists(), "the folder was created");
    }

    #[test]
    fn a_folder_is_not_a_file() {
        let folder = scratch("a-folder");
        fs::create_dir_all(&folder).unwrap();
        assert!(JsonFile::open(&folder).unwrap_err().contains("is a folder"));
    }

    #[test]
    fn a_file_made_for_nothing_is_taken_away_and_an_old_one_kept() {
        let path = scratch("new.jsonl");
        let _ = fs::remove_file(&path);
        JsonFile::open(&path).unwrap().abandon();
        assert!(!path.exists());
        let old = scratch("old.jsonl");
        fs::write(&old, "{}\n").unwrap();
        JsonFile::open(&old).unwrap().abandon();
        assert_eq!(fs::read_to_string(&old).unwrap(), "{}\n");
    }
}
