//! Criterion's raw samples (`new/sample.json`): the time of every measured batch of
//! iterations, read as the time of one iteration, so that a figure's shape (one mode or
//! two) can be told and not just its median.

use std::fs;
use std::path::Path;

use serde::Deserialize;

use crate::error::Error;

/// `sample.json` as criterion writes it: the iterations of each batch and the batch's
/// total time in nanoseconds, index by index.
#[derive(Deserialize)]
struct SampleFile {
    iters: Vec<f64>,
    times: Vec<f64>,
}

/// The per-iteration times (nanoseconds) of the benchmark in `folder`, or `None` where
/// criterion wrote no `sample.json` (older fixtures, trimmed copies). A file that is
/// there but malformed is an error naming it: a shape read from half a file would be
/// worse than none, and a run that wrote it broken deserves a look.
pub(crate) fn read_if_present(folder: &Path) -> Result<Option<Vec<f64>>, Error> {
    let path = folder.join("sample.json");
    if !path.is_file() {
        return Ok(None);
    }
    let text = fs::read_to_string(&path).map_err(|error| Error::at(&path, error))?;
    let file: SampleFile = serde_json::from_str(&text)
        .map_err(|error| Error::at(&path, format!("not criterion's sample format: {error}")))?;
    per_iteration(&file.iters, &file.times)
        .map(Some)
        .map_err(|reason| Error::at(&path, reason))
}

/// Each batch's time over its iterations; the two arrays must pair up and every figure
/// must be a positive number.
fn per_iteration(iters: &[f64], times: &[f64]) -> Result<Vec<f64>, String> {
    if iters.len() != times.len() {
        return Err(format!(
            "{} iteration counts but {} times: they must pair up",
            iters.len(),
            times.len()
        ));
    }
    iters
        .iter()
        .zip(times)
        .map(|(&iters, &time)| {
            let each = time / iters;
            if iters > 0.0 && each.is_finite() && each > 0.0 {
                Ok(each)
            } else {
                Err(format!(
                    "a batch of {iters} iterations took {time} ns: not a positive time"
                ))
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn batches_become_times_of_one_iteration() {
        assert_eq!(
            per_iteration(&[1.0, 2.0, 4.0], &[10.0, 30.0, 40.0]),
            Ok(vec![10.0, 15.0, 10.0])
        );
    }

    #[test]
    fn unpaired_or_empty_batches_are_refused() {
        assert!(per_iteration(&[1.0], &[1.0, 2.0]).is_err());
        assert!(per_iteration(&[0.0], &[5.0]).is_err());
        assert!(per_iteration(&[3.0], &[-1.0]).is_err());
    }

    #[test]
    fn a_malformed_file_is_an_error_naming_it() {
        let folder = std::env::temp_dir().join(format!("fanout-samples-{}", std::process::id()));
        fs::create_dir_all(&folder).unwrap();
        assert!(read_if_present(&folder).unwrap().is_none());
        fs::write(folder.join("sample.json"), r#"{"iters": [1.0]}"#).unwrap();
        let error = read_if_present(&folder).unwrap_err().to_string();
        fs::remove_dir_all(&folder).unwrap();
        assert!(error.contains("sample.json"), "{error}");
    }
}
