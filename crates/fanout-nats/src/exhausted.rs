//! Batches the server gave up on: once a batch has been delivered the workers'
//! consumer's `max_deliver` times without an acknowledgement (a worker died on it each
//! time, or could never store its results), JetStream stops delivering it and says so in
//! an advisory. A run listens for those advisories and fails with the batch it names,
//! rather than wait for results that will never come.

use async_nats::{Client, Subscriber};
use serde::Deserialize;

use crate::Error;
use crate::wire::{WORK_STREAM, WORKERS_CONSUMER};

/// The subject JetStream announces the workers' consumer's exhausted messages on.
pub(crate) fn advisory_subject() -> String {
    format!("$JS.EVENT.ADVISORY.CONSUMER.MAX_DELIVERIES.{WORK_STREAM}.{WORKERS_CONSUMER}")
}

/// Subscribes to the advisories; a run subscribes before it publishes its first batch, so
/// that it misses none of its own.
pub(crate) async fn watch(client: &Client) -> Result<Subscriber, Error> {
    client
        .subscribe(advisory_subject())
        .await
        .map_err(|error| Error::jetstream("subscribing to max-deliveries advisories", error))
}

/// An advisory's message: the stream sequence given up on and how often it was delivered.
#[derive(Debug, PartialEq, Eq, Deserialize)]
pub(crate) struct Exhausted {
    pub(crate) stream_seq: u64,
    pub(crate) deliveries: u64,
}

/// The advisory in `payload`, or `None` for one that is not a max-deliveries advisory's
/// JSON (nothing else should publish there, but a run must not fail on it).
pub(crate) fn parse(payload: &[u8]) -> Option<Exhausted> {
    serde_json::from_slice(payload).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_server_s_advisory_and_ignores_anything_else() {
        // As nats-server 2.9 writes it.
        let advisory = br#"{"type":"io.nats.jetstream.advisory.v1.max_deliver","id":"x",
            "timestamp":"2024-01-01T00:00:00Z","stream":"FANOUT_WORK",
            "consumer":"fanout-workers","stream_seq":42,"deliveries":3}"#;
        assert_eq!(
            parse(advisory),
            Some(Exhausted {
                stream_seq: 42,
                deliveries: 3
            })
        );
        assert_eq!(parse(b"not json"), None);
        assert_eq!(parse(br#"{"stream_seq":"forty"}"#), None);
        assert!(advisory_subject().ends_with(".FANOUT_WORK.fanout-workers"));
    }
}
