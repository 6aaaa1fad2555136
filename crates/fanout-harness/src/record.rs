//! [`Record`]: one measurement as one JSON line, with its provenance.

use std::fs::{self, File};
use std::io::{self, BufRead, BufReader, BufWriter, Write};
use std::path::Path;

use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};

use crate::provenance::Provenance;

/// One measured figure, self-describing, as written one per line to `.jsonl` files.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Record {
    /// The row: an engine, a `*-reference` loop, `sequential` or `rayon-par-iter`.
    pub engine: String,
    /// The workload's name (`spin-10us`, ...).
    pub workload: String,
    /// Workers.
    pub workers: usize,
    /// Queue capacity.
    pub capacity: usize,
    /// Bytes each item carries.
    pub payload: usize,
    /// Items per run.
    pub items: usize,
    /// What was measured (`items_per_second`, `latency_p99`, ...).
    pub metric: String,
    /// The figure.
    pub value: f64,
    /// Its unit (`items/s`, `ns`, `bytes`, `ratio`, ...).
    pub unit: String,
    /// For per-worker figures, which worker.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub worker: Option<usize>,
    /// Where the figure came from.
    pub provenance: Provenance,
}

/// The fields a set of records share: what was measured, and how.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Subject {
    /// The row.
    pub engine: String,
    /// The workload's name.
    pub workload: String,
    /// Workers.
    pub workers: usize,
    /// Queue capacity.
    pub capacity: usize,
    /// Bytes per item.
    pub payload: usize,
    /// Items per run.
    pub items: usize,
}

impl Subject {
    /// A record of `value` in `unit` for `metric` about this subject.
    pub fn record(&self, metric: &str, value: f64, unit: &str) -> Record {
        Record {
            engine: self.engine.clone(),
            workload: self.workload.clone(),
            workers: self.workers,
            capacity: self.capacity,
            payload: self.payload,
            items: self.items,
            metric: metric.to_owned(),
            value,
            unit: unit.to_owned(),
            worker: None,
            provenance: Provenance::current().clone(),
        }
    }
}

/// Writes `records` (a [`Record`] or another of the benches' records each) to the
/// JSON-lines file at `path`, replacing it.
pub fn write_json_lines<T: Serialize>(path: &Path, records: &[T]) -> io::Result<()> {
    if let Some(folder) = path.parent() {
        fs::create_dir_all(folder)?;
    }
    write_records(File::create(path)?, records)
}

fn write_records<T: Serialize>(file: File, records: &[T]) -> io::Result<()> {
    let mut out = BufWriter::new(file);
    for record in records {
        serde_json::to_writer(&mut out, record)?;
        out.write_all(b"\n")?;
    }
    out.flush()
}

/// Reads every record of a JSON-lines file ([`Record`]s, or another of the benches'
/// records); a line that is not one is an error that names the file and the line.
pub fn read_json_lines<T: DeserializeOwned>(path: &Path) -> io::Result<Vec<T>> {
    let reader = BufReader::new(File::open(path)?);
    let mut records = Vec::new();
    for (number, line) in reader.lines().enumerate() {
        let line = line?;
        if line.trim().is_empty() {
            continue;
        }
        let record = serde_json::from_str(&line).map_err(|error| {
            io::Error::new(
                io::ErrorKind::InvalidData,
                format!(
                    "{}:{}: not a fanout record: {error}",
                    path.display(),
                    number + 1
                ),
            )
        })?;
        records.push(record);
    }
    Ok(records)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn records_round_trip_through_json_lines() {
        let subject = Subject {
            engine: "crossbeam".into(),
            workload: "noop".into(),
            workers: 2,
            capacity: 4,
            payload: 8,
            items: 1000,
        };
        let mut per_worker = subject.record("worker_items", 500.0, "items");
        per_worker.worker = Some(1);
        let records = vec![
            subject.record("items_per_second", 1e7, "items/s"),
            per_worker,
        ];
        let path =
            std::env::temp_dir().join(format!("fanout-records-{}.jsonl", std::process::id()));
        write_json_lines(&path, &records).unwrap();
        let read: Vec<Record> = read_json_lines(&path).unwrap();
        fs::remove_file(&path).unwrap();
        assert_eq!(read, records);
        assert!(
            !serde_json::to_string(&records[0])
                .unwrap()
                .contains("\"worker\"")
        );
    }
}
