//! Criterion's output: every `<group>/<function>/<value>/new/` folder under `criterion/`,
//! with `benchmark.json` (what was measured) and `estimates.json` (how long it took).

use std::collections::HashMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

use serde::Deserialize;

use crate::error::Error;
use crate::input::samples;

/// A benchmark written this long before the newest one of its group is left over from an
/// earlier run (a quick pass after a full one rewrites only some worker counts), and
/// mixing runs would draw lines through figures from different days. One group of the
/// full run takes minutes, so an hour apart is never the same run.
const STALE_AFTER: Duration = Duration::from_secs(3_600);

/// One criterion benchmark: its group (`throughput/noop`), function (the row), parameter
/// (the workers), items per iteration, and the median time of one iteration.
#[derive(Clone, Debug)]
pub(crate) struct Estimate {
    /// The group id as criterion keeps it, with its `/`.
    pub(crate) group: String,
    /// The function id: the row's name.
    pub(crate) function: String,
    /// The parameter as written (`value_str`).
    pub(crate) parameter: String,
    /// `Throughput::Elements` of the group, if it counted elements.
    pub(crate) items: Option<u64>,
    /// The median time of one iteration (one whole fan-out run), in nanoseconds. The
    /// median, not the mean, because a shared machine's outliers should not move it.
    pub(crate) nanos: f64,
    /// The median with its 95% confidence interval: the spread every verdict on the
    /// median is judged with.
    pub(crate) median: Statistic,
    /// The mean time of one iteration with its 95% confidence interval, in nanoseconds,
    /// where criterion wrote one: the verdicts that need an interval use it.
    pub(crate) mean: Option<Statistic>,
    /// Criterion's raw samples as times of one iteration, in nanoseconds, where it wrote
    /// `sample.json`: what tells a figure with two modes from one with one.
    pub(crate) samples: Option<Vec<f64>>,
    /// The `benchmark.json` it came from, for error messages.
    pub(crate) file: PathBuf,
    written: SystemTime,
}

/// Everything read from `criterion/`.
#[derive(Debug, Default)]
pub(crate) struct CriterionOutput {
    /// The current estimates.
    pub(crate) estimates: Vec<Estimate>,
    /// Full ids of estimates left out as left over from an earlier run.
    pub(crate) stale: Vec<String>,
}

#[derive(Deserialize)]
struct BenchmarkFile {
    group_id: String,
    #[serde(default)]
    function_id: Option<String>,
    #[serde(default)]
    value_str: Option<String>,
    #[serde(default)]
    throughput: Option<serde_json::Value>,
}

#[derive(Deserialize)]
struct EstimatesFile {
    median: Statistic,
    #[serde(default)]
    mean: Option<Statistic>,
}

/// One of criterion's statistics: its point estimate and, where written, its interval.
#[derive(Clone, Copy, Debug, Deserialize, PartialEq)]
pub(crate) struct Statistic {
    /// The point estimate.
    pub(crate) point_estimate: f64,
    /// The bootstrap confidence interval.
    #[serde(default)]
    pub(crate) confidence_interval: Option<ConfidenceInterval>,
}

/// The ends of a confidence interval (criterion's default level is 95%).
#[derive(Clone, Copy, Debug, Deserialize, PartialEq)]
pub(crate) struct ConfidenceInterval {
    /// The lower end.
    pub(crate) lower_bound: f64,
    /// The upper end.
    pub(crate) upper_bound: f64,
}

/// Reads every benchmark under `folder`; a folder that does not exist holds none.
pub(crate) fn read(folder: &Path) -> Result<CriterionOutput, Error> {
    let mut estimates = Vec::new();
    if folder.is_dir() {
        collect(folder, &mut estimates)?;
    }
    Ok(drop_stale(estimates))
}

/// Walks `folder` for `new/` folders, in name order so output does not depend on the
/// file system's order.
fn collect(folder: &Path, estimates: &mut Vec<Estimate>) -> Result<(), Error> {
    let mut entries: Vec<PathBuf> = fs::read_dir(folder)
        .map_err(|error| Error::at(folder, error))?
        .map(|entry| entry.map(|entry| entry.path()))
        .collect::<Result<_, _>>()
        .map_err(|error| Error::at(folder, error))?;
    entries.sort();
    for path in entries.into_iter().filter(|path| path.is_dir()) {
        match path.file_name().and_then(|name| name.to_str()) {
            Some("new") if path.join("benchmark.json").is_file() => {
                estimates.push(read_estimate(&path)?);
            }
            // Criterion's previous run, its comparison and its HTML report: not this run.
            Some("base" | "change" | "report") => {}
            _ => collect(&path, estimates)?,
        }
    }
    Ok(())
}

fn read_estimate(folder: &Path) -> Result<Estimate, Error> {
    let benchmark_path = folder.join("benchmark.json");
    let benchmark: BenchmarkFile = read_json(&benchmark_path)?;
    let estimates_path = folder.join("estimates.json");
    let estimates: EstimatesFile = read_json(&estimates_path)?;
    let nanos = estimates.median.point_estimate;
    if !(nanos.is_finite() && nanos > 0.0) {
        return Err(Error::at(
            &estimates_path,
            format!("the median time {nanos} ns is not a positive number"),
        ));
    }
    let written = fs::metadata(&estimates_path)
        .and_then(|metadata| metadata.modified())
        .map_err(|error| Error::at(&estimates_path, error))?;
    Ok(Estimate {
        items: benchmark.throughput.as_ref().and_then(elements),
        group: benchmark.group_id,
        function: benchmark.function_id.unwrap_or_default(),
        parameter: benchmark.value_str.unwrap_or_default(),
        nanos,
        median: estimates.median,
        // A mean that is not a positive number says nothing; the median still stands.
        mean: estimates
            .mean
            .filter(|mean| mean.point_estimate.is_finite() && mean.point_estimate > 0.0),
        samples: samples::read_if_present(folder)?,
        file: benchmark_path,
        written,
    })
}

/// The element count of a criterion throughput, `{"Elements": n}` (or the elements of
/// `{"ElementsAndBytes": {...}}`, which newer criterion versions can write).
fn elements(throughput: &serde_json::Value) -> Option<u64> {
    throughput
        .get("Elements")
        .and_then(serde_json::Value::as_u64)
        .or_else(|| {
            throughput
                .get("ElementsAndBytes")?
                .get("elements")?
                .as_u64()
        })
}

fn read_json<T: for<'de> Deserialize<'de>>(path: &Path) -> Result<T, Error> {
    let text = fs::read_to_string(path).map_err(|error| Error::at(path, error))?;
    serde_json::from_str(&text)
        .map_err(|error| Error::at(path, format!("not criterion's format: {error}")))
}

/// Splits off the estimates written long before the newest of their group.
fn drop_stale(estimates: Vec<Estimate>) -> CriterionOutput {
    let mut newest: HashMap<&str, SystemTime> = HashMap::new();
    for estimate in &estimates {
        let time = newest.entry(&estimate.group).or_insert(estimate.written);
        *time = (*time).max(estimate.written);
    }
    let newest: HashMap<String, SystemTime> = newest
        .into_iter()
        .map(|(group, time)| (group.to_owned(), time))
        .collect();
    let (current, stale): (Vec<Estimate>, Vec<Estimate>) =
        estimates.into_iter().partition(|estimate| {
            let age = newest[&estimate.group].duration_since(estimate.written);
            !matches!(age, Ok(age) if age > STALE_AFTER)
        });
    CriterionOutput {
        estimates: current,
        stale: stale
            .into_iter()
            .map(|estimate| {
                format!(
                    "{}/{}/{}",
                    estimate.group, estimate.function, estimate.parameter
                )
            })
            .collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn estimate(group: &str, written: SystemTime) -> Estimate {
        Estimate {
            group: group.to_owned(),
            function: "crossbeam".to_owned(),
            parameter: "2".to_owned(),
            items: Some(10),
            nanos: 1.0,
            median: Statistic {
                point_estimate: 1.0,
                confidence_interval: None,
            },
            mean: None,
            samples: None,
            file: PathBuf::from("benchmark.json"),
            written,
        }
    }

    #[test]
    fn estimates_from_an_earlier_run_of_the_same_group_are_left_out() {
        let now = SystemTime::now();
        let day_before = now - Duration::from_secs(86_400);
        let output = drop_stale(vec![
            estimate("throughput/noop", now),
            estimate("throughput/noop", day_before),
            estimate("capacity/0", day_before),
        ]);
        assert_eq!(output.estimates.len(), 2);
        assert_eq!(output.stale, ["throughput/noop/crossbeam/2"]);
    }

    #[test]
    fn element_counts_are_read_from_either_throughput_shape() {
        let plain = serde_json::json!({"Elements": 50_000});
        let both = serde_json::json!({"ElementsAndBytes": {"elements": 7, "bytes": 8}});
        assert_eq!(elements(&plain), Some(50_000));
        assert_eq!(elements(&both), Some(7));
        assert_eq!(elements(&serde_json::json!({"Bytes": 9})), None);
    }
}
