//! The wire: subjects, stream names, headers, and the serialized payloads.
//!
//! One work-queue stream, [`WORK_STREAM`], holds every run's items under
//! `fanout.work.<run>`; every worker shares its one durable pull consumer,
//! [`WORKERS_CONSUMER`]. Each run has its own results stream, `FANOUT_OUT_<run>`, on
//! `fanout.out.<run>`. Headers carry the job, the run and the item's number one way, and
//! the item's number, the worker and the outcome back.

use std::collections::hash_map::RandomState;
use std::hash::BuildHasher;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{SystemTime, UNIX_EPOCH};

use async_nats::HeaderMap;
use serde::Serialize;
use serde::de::DeserializeOwned;

/// The work-queue stream every run publishes its items to.
pub const WORK_STREAM: &str = "FANOUT_WORK";
/// The subjects of [`WORK_STREAM`].
pub(crate) const WORK_SUBJECTS: &str = "fanout.work.>";
/// The durable pull consumer on [`WORK_STREAM`] that all workers share.
pub const WORKERS_CONSUMER: &str = "fanout-workers";

pub(crate) const JOB: &str = "Fanout-Job";
pub(crate) const RUN: &str = "Fanout-Run";
pub(crate) const ITEM: &str = "Fanout-Item";
pub(crate) const WORKER: &str = "Fanout-Worker";
pub(crate) const OUTCOME: &str = "Fanout-Outcome";

/// The subject a run's items are published on.
pub fn work_subject(run: &str) -> String {
    format!("fanout.work.{run}")
}

/// The name of a run's results stream.
pub fn results_stream(run: &str) -> String {
    format!("FANOUT_OUT_{run}")
}

pub(crate) fn results_subject(run: &str) -> String {
    format!("fanout.out.{run}")
}

/// A fresh run id: 16 hex digits from the clock, the process and a counter, hashed with
/// a random key, so that runs of different processes on one server do not collide.
pub(crate) fn new_run_id() -> String {
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let nanos = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |elapsed| elapsed.as_nanos());
    let id = RandomState::new().hash_one((
        nanos,
        std::process::id(),
        COUNTER.fetch_add(1, Ordering::Relaxed),
    ));
    format!("{id:016x}")
}

/// How a worker's answer for an item turned out.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Outcome {
    /// The body is the serialized output.
    Done,
    /// The job panicked; the body is the panic's message.
    Panicked,
    /// The worker did not run the job; the body says why.
    Refused,
}

impl Outcome {
    pub(crate) fn as_str(self) -> &'static str {
        match self {
            Outcome::Done => "done",
            Outcome::Panicked => "panicked",
            Outcome::Refused => "refused",
        }
    }

    pub(crate) fn parse(text: &str) -> Option<Outcome> {
        [Outcome::Done, Outcome::Panicked, Outcome::Refused]
            .into_iter()
            .find(|outcome| outcome.as_str() == text)
    }
}

/// A header's value, if present.
pub(crate) fn header<'a>(headers: Option<&'a HeaderMap>, name: &str) -> Option<&'a str> {
    headers?.get(name).map(async_nats::HeaderValue::as_str)
}

/// A numeric header's value, if present and a number.
pub(crate) fn number_header(headers: Option<&HeaderMap>, name: &str) -> Option<u64> {
    header(headers, name)?.parse().ok()
}

pub(crate) fn encode<T: Serialize>(value: &T) -> Result<Vec<u8>, String> {
    postcard::to_stdvec(value).map_err(|error| error.to_string())
}

pub(crate) fn decode<T: DeserializeOwned>(bytes: &[u8]) -> Result<T, String> {
    postcard::from_bytes(bytes).map_err(|error| error.to_string())
}
