//! The harness's JSON lines (`fanout/latency.jsonl`, `measures.jsonl`, `contract.jsonl`,
//! `efficiency_capacity.jsonl`, `batching.jsonl`, `async.jsonl`, `distributed.jsonl`,
//! `go.jsonl`, `decision.jsonl`), read with the harness's own reader so the schema lives in
//! one place.

use std::path::Path;

use fanout_harness::read_json_lines;
use serde::de::DeserializeOwned;

use crate::error::Error;

/// The records of `path`, or none when the file does not exist (that bench was not run).
pub(crate) fn read_if_present<T: DeserializeOwned>(path: &Path) -> Result<Vec<T>, Error> {
    if !path.exists() {
        return Ok(Vec::new());
    }
    read_json_lines(path).map_err(|error| Error::from_records(path, &error))
}
