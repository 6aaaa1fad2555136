//! What can go wrong between the consumer, the server and the workers.

use std::fmt;
use std::time::Duration;

use fanout_core::WorkerId;

use crate::RemotePanic;

/// Why a connection, a run or a worker failed. Each message names what it was doing,
/// and for an item, the job and the item's number (counted from 0 in input order).
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum Error {
    /// The server could not be reached or refused the connection within the timeout.
    Connect {
        /// The URL as given.
        url: String,
        /// The connection timeout that applied.
        timeout: Duration,
        /// What the client reported.
        message: String,
    },
    /// An argument or option was not usable (zero workers, an unreadable credentials file).
    Config(String),
    /// A JetStream API call failed (creating a stream or consumer, publishing).
    JetStream {
        /// What the engine was doing.
        doing: String,
        /// What the server or client reported.
        message: String,
    },
    /// An input item could not be serialized; it was not sent.
    Encode {
        /// The job's name.
        job: String,
        /// The item's number in input order.
        item: u64,
        /// What the serializer reported.
        message: String,
    },
    /// A result could not be deserialized at the consumer.
    Decode {
        /// The job's name.
        job: String,
        /// The item's number in input order.
        item: u64,
        /// What the deserializer reported.
        message: String,
    },
    /// The job panicked in a worker process; [`Nats::run`](crate::Nats::run) panics at
    /// the consumer with this error's text.
    Panicked(RemotePanic),
    /// An item's input or result is larger than any message the server takes (its
    /// `max_payload`, 1 MiB by default): it cannot travel, and the run ends there, as at
    /// a panic.
    TooLarge {
        /// The job's name.
        job: String,
        /// The item's number in input order.
        item: u64,
        /// `"input"` or `"result"`.
        what: &'static str,
        /// Its size serialized, in bytes.
        size: u64,
        /// The server's `max_payload`, in bytes.
        limit: u64,
    },
    /// A worker refused an item: it serves no job of that name, or could not decode it.
    Refused {
        /// The job's name.
        job: String,
        /// The item's number in input order.
        item: u64,
        /// The worker that refused it.
        worker: WorkerId,
        /// The worker's reason, naming the jobs it accepts when the job is unknown.
        message: String,
    },
    /// The server gave up on a batch: it delivered it the workers' `max_deliver` times
    /// and no worker acknowledged it (one died or stalled on it each time, or could not
    /// store its results). The run ends there, as at a panic.
    Undelivered {
        /// The job's name.
        job: String,
        /// The batch's first item's number in input order.
        first: u64,
        /// How many items the batch holds.
        count: u64,
        /// How many times the server delivered it.
        deliveries: u64,
    },
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Connect {
                url,
                timeout,
                message,
            } => write!(
                f,
                "could not connect to the NATS server at `{url}` within {timeout:?}: {message}"
            ),
            Error::Config(message) => f.write_str(message),
            Error::JetStream { doing, message } => write!(f, "JetStream: {doing}: {message}"),
            Error::Encode { job, item, message } => {
                write!(
                    f,
                    "job `{job}`: item {item} could not be serialized: {message}"
                )
            }
            Error::Decode { job, item, message } => write!(
                f,
                "job `{job}`: the result of item {item} could not be deserialized: {message}"
            ),
            Error::Panicked(remote) => remote.fmt(f),
            Error::TooLarge {
                job,
                item,
                what,
                size,
                limit,
            } => write!(
                f,
                "job `{job}`: the {what} of item {item} is {size} bytes, over the server's \
                 max_payload of {limit} bytes: no message can carry it"
            ),
            Error::Refused {
                job,
                item,
                worker,
                message,
            } => write!(
                f,
                "job `{job}`: worker {worker} refused item {item}: {message}"
            ),
            Error::Undelivered {
                job,
                first,
                count,
                deliveries,
            } => write!(
                f,
                "job `{job}`: the batch of items {first} to {} ({count} item{}) was delivered \
                 {deliveries} times, the workers' max_deliver, and never acknowledged (a \
                 worker died or stalled on it each time, longer than the ack wait, or could \
                 not store its results): the server gave up on it",
                first + count.saturating_sub(1),
                if *count == 1 { "" } else { "s" }
            ),
        }
    }
}

impl std::error::Error for Error {}

impl Error {
    pub(crate) fn jetstream(doing: impl Into<String>, error: impl fmt::Display) -> Error {
        Error::JetStream {
            doing: doing.into(),
            message: error.to_string(),
        }
    }
}
