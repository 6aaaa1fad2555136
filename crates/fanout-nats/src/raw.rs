//! The work stream's messages read through the JetStream API rather than delivered: by
//! subject, to remove what a run left, whatever the server forgot to remove; and by
//! sequence, for headers as data, which the client would parse and could choke on.

use async_nats::jetstream;
use base64::Engine;
use base64::engine::general_purpose::STANDARD as BASE64;
use serde::{Deserialize, Serialize};

use crate::Error;
use crate::wire::WORK_STREAM;

/// A `STREAM.MSG.GET` request: the first message at or after `seq`, on `next_by_subj`
/// when given.
#[derive(Serialize)]
struct Get<'a> {
    seq: u64,
    #[serde(skip_serializing_if = "Option::is_none")]
    next_by_subj: Option<&'a str>,
}

/// The server's answer: a message, or an error (404 when there is none).
#[derive(Deserialize)]
struct Got {
    message: Option<Stored>,
    error: Option<ApiError>,
}

#[derive(Deserialize)]
struct Stored {
    seq: u64,
    /// The header block, in base64.
    hdrs: Option<String>,
}

#[derive(Deserialize)]
struct ApiError {
    code: u16,
    description: String,
}

/// The JetStream API's code for "no message found".
const NOT_FOUND: u16 = 404;

/// The first message at or after `seq`, on `next_by_subj` when given, if any.
async fn get(js: &jetstream::Context, request: Get<'_>) -> Result<Option<Stored>, Error> {
    let doing = || format!("reading message {} of {WORK_STREAM}", request.seq);
    let got: Got = js
        .request(format!("STREAM.MSG.GET.{WORK_STREAM}"), &request)
        .await
        .map_err(|error| Error::jetstream(doing(), error))?;
    match (got.message, got.error) {
        (Some(stored), _) => Ok(Some(stored)),
        (None, Some(error)) if error.code == NOT_FOUND => Ok(None),
        (None, Some(error)) => Err(Error::jetstream(doing(), error.description)),
        (None, None) => Err(Error::jetstream(doing(), "an empty answer")),
    }
}

/// The sequence of the first message on `subject` at or after `from`, if any.
async fn next_on_subject(
    js: &jetstream::Context,
    subject: &str,
    from: u64,
) -> Result<Option<u64>, Error> {
    let request = Get {
        seq: from,
        next_by_subj: Some(subject),
    };
    Ok(get(js, request).await?.map(|stored| stored.seq))
}

/// The header block of message `sequence`, if it is there and has one.
pub(crate) async fn header_at(
    js: &jetstream::Context,
    sequence: u64,
) -> Result<Option<Vec<u8>>, Error> {
    let request = Get {
        seq: sequence,
        next_by_subj: None,
    };
    let Some(stored) = get(js, request).await? else {
        return Ok(None);
    };
    // `seq` finds the first message at or after it: another one is not asked for.
    let Some(header) = stored.hdrs.filter(|_| stored.seq == sequence) else {
        return Ok(None);
    };
    BASE64
        .decode(header)
        .map(Some)
        .map_err(|error| Error::jetstream(format!("reading message {sequence}'s header"), error))
}

/// Whether the work stream still holds message `sequence`.
pub(crate) async fn holds(js: &jetstream::Context, sequence: u64) -> Result<bool, Error> {
    let request = Get {
        seq: sequence,
        next_by_subj: None,
    };
    Ok(get(js, request)
        .await?
        .is_some_and(|stored| stored.seq == sequence))
}

/// Deletes every message on `subject` in the work stream from sequence `from` on: those
/// workers have not taken, and those a server killed before it had removed them
/// (acknowledged, below the consumer's ack floor, never delivered again).
pub(crate) async fn delete_subject(
    js: &jetstream::Context,
    subject: &str,
    from: u64,
) -> Result<(), Error> {
    let work = js
        .get_stream(WORK_STREAM)
        .await
        .map_err(|error| Error::jetstream("finding the work stream", error))?;
    let mut from = from;
    while let Some(sequence) = next_on_subject(js, subject, from).await? {
        // A message a worker acknowledged meanwhile is gone already: not an error.
        let _gone_already = work.delete_message(sequence).await;
        from = sequence + 1;
    }
    Ok(())
}
