//! The wire: subjects, stream names, headers, and the serialized payloads.
//!
//! One work-queue stream, [`WORK_STREAM`], holds every run's items under
//! `fanout.work.<run>`; every worker shares its one durable pull consumer,
//! [`WORKERS_CONSUMER`]. Each run has its own results stream, `FANOUT_OUT_<run>`, on
//! `fanout.out.<run>`. A message carries a batch of consecutive items: headers give the
//! job, the run, the first item's number and the count one way. Back, a batch's answers
//! travel in one message or, where they would pass the server's `max_payload`, in
//! several parts: headers give the batch's first item, the part's first item and count,
//! the worker and the part's work time. The bodies are the items, or their answers,
//! each framed by its length ([`frame`], [`unframe`]).

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
pub(crate) const COUNT: &str = "Fanout-Count";
pub(crate) const BATCH: &str = "Fanout-Batch";
pub(crate) const NANOS: &str = "Fanout-Nanos";

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
    /// The result is too large for any message the server takes; the body is its size
    /// and the server's `max_payload`, serialized.
    TooLarge,
}

impl Outcome {
    const ALL: [Outcome; 4] = [
        Outcome::Done,
        Outcome::Panicked,
        Outcome::Refused,
        Outcome::TooLarge,
    ];

    fn as_byte(self) -> u8 {
        match self {
            Outcome::Done => 0,
            Outcome::Panicked => 1,
            Outcome::Refused => 2,
            Outcome::TooLarge => 3,
        }
    }

    fn from_byte(byte: u8) -> Option<Outcome> {
        Outcome::ALL
            .into_iter()
            .find(|outcome| outcome.as_byte() == byte)
    }
}

/// Appends `bytes` to a message body, framed by its length (4 bytes, little-endian).
pub(crate) fn frame(body: &mut Vec<u8>, bytes: &[u8]) {
    let length = u32::try_from(bytes.len()).expect("an item under 4 GiB");
    body.extend_from_slice(&length.to_le_bytes());
    body.extend_from_slice(bytes);
}

/// The framed parts of a message body, or why it is malformed.
pub(crate) fn unframe(mut body: &[u8]) -> Result<Vec<&[u8]>, String> {
    let mut parts = Vec::new();
    while !body.is_empty() {
        let (length, rest) = body
            .split_first_chunk::<4>()
            .ok_or("a frame's length is cut short")?;
        let length = u32::from_le_bytes(*length) as usize;
        if rest.len() < length {
            return Err(format!(
                "a frame of {length} bytes has only {} left",
                rest.len()
            ));
        }
        let (part, rest) = rest.split_at(length);
        parts.push(part);
        body = rest;
    }
    Ok(parts)
}

/// The bytes an answer of `bytes` takes in a results body: its length, its outcome and it.
pub(crate) fn framed_answer_size(bytes: &[u8]) -> usize {
    4 + 1 + bytes.len()
}

/// Appends one item's answer to a results body: its outcome, then what it carries.
pub(crate) fn frame_answer(body: &mut Vec<u8>, outcome: Outcome, bytes: &[u8]) {
    let length = u32::try_from(bytes.len() + 1).expect("an answer under 4 GiB");
    body.extend_from_slice(&length.to_le_bytes());
    body.push(outcome.as_byte());
    body.extend_from_slice(bytes);
}

/// The answers in a results body, or why it is malformed.
pub(crate) fn unframe_answers(body: &[u8]) -> Result<Vec<(Outcome, Vec<u8>)>, String> {
    unframe(body)?
        .into_iter()
        .map(|part| {
            let (&byte, bytes) = part.split_first().ok_or("an answer without an outcome")?;
            let outcome = Outcome::from_byte(byte).ok_or(format!("unknown outcome {byte}"))?;
            Ok((outcome, bytes.to_vec()))
        })
        .collect()
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn frames_come_back_whole_and_in_order() {
        let mut body = Vec::new();
        for part in [&b"one"[..], b"", b"three"] {
            frame(&mut body, part);
        }
        assert_eq!(unframe(&body).unwrap(), [&b"one"[..], b"", b"three"]);
        assert_eq!(unframe(&[]).unwrap(), Vec::<&[u8]>::new());
    }

    #[test]
    fn answers_keep_their_outcomes() {
        let mut body = Vec::new();
        frame_answer(&mut body, Outcome::Done, b"4");
        frame_answer(&mut body, Outcome::Panicked, b"odd");
        frame_answer(&mut body, Outcome::Refused, b"");
        assert_eq!(
            unframe_answers(&body).unwrap(),
            [
                (Outcome::Done, b"4".to_vec()),
                (Outcome::Panicked, b"odd".to_vec()),
                (Outcome::Refused, Vec::new()),
            ]
        );
    }

    #[test]
    fn a_malformed_body_is_an_error_not_a_panic() {
        assert!(unframe(&[1, 0]).is_err());
        assert!(unframe(&[9, 0, 0, 0, 1]).is_err());
        assert!(unframe_answers(&[0, 0, 0, 0]).is_err());
        assert!(unframe_answers(&[1, 0, 0, 0, 7]).is_err());
    }
}
