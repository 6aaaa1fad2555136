//! Batches the server gave up on: once a batch has been delivered the workers'
//! consumer's `max_deliver` times without an acknowledgement (a worker died on it each
//! time, or could never store its results), JetStream stops delivering it and says so in
//! an advisory. A run listens for those advisories and fails with the batch it names,
//! rather than wait for results that will never come. An advisory sent while the run's
//! connection was down is lost, so a run that waits in silence also asks the server
//! ([`given_up_quietly`]).

use async_nats::jetstream;
use async_nats::{Client, Subscriber};
use serde::Deserialize;

use crate::Error;
use crate::raw;
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

/// The first of `sequences` (a run's batches not yet gathered, by their place in the work
/// stream) that the workers' consumer has given up on, found by asking the server. Only
/// while the consumer is quiet, with nothing left to deliver and nothing unacknowledged,
/// is a message that was delivered and is still in the stream one it gave up on: an
/// acknowledged one has left the work queue, and any other would be pending.
pub(crate) async fn given_up_quietly(
    js: &jetstream::Context,
    sequences: impl IntoIterator<Item = u64>,
) -> Result<Option<Exhausted>, Error> {
    let info = js
        .get_stream(WORK_STREAM)
        .await
        .map_err(|error| Error::jetstream("finding the work stream", error))?
        .consumer_info(WORKERS_CONSUMER)
        .await
        .map_err(|error| Error::jetstream("reading the workers' consumer", error))?;
    let Ok(deliveries) = u64::try_from(info.config.max_deliver) else {
        // No bound (-1): the server never gives up on a message.
        return Ok(None);
    };
    if info.num_pending > 0 || info.num_ack_pending > 0 || deliveries == 0 {
        return Ok(None);
    }
    let mut delivered: Vec<u64> = sequences
        .into_iter()
        .filter(|&sequence| sequence <= info.delivered.stream_sequence)
        .collect();
    delivered.sort_unstable();
    for stream_seq in delivered {
        if raw::holds(js, stream_seq).await? {
            return Ok(Some(Exhausted {
                stream_seq,
                deliveries,
            }));
        }
    }
    Ok(None)
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

    /// Against a real server: a batch delivered `max_deliver` times and never acknowledged
    /// is found without its advisory once the consumer is quiet, and not while another
    /// message waits to be delivered.
    #[test]
    fn a_batch_given_up_on_is_found_by_asking_the_server() {
        use std::time::{Duration, Instant};

        use futures_util::StreamExt;

        use crate::LocalServer;
        use crate::NatsOptions;
        use crate::streams::{work_stream, workers_consumer};
        use crate::wire::work_subject;

        let Some(server) = LocalServer::for_tests(&[]) else {
            return;
        };
        let runtime = tokio::runtime::Runtime::new().unwrap();
        runtime.block_on(async move {
            let client = async_nats::connect(server.url()).await.unwrap();
            let js = jetstream::new(client);
            let options = NatsOptions::new()
                .ack_wait(Duration::from_millis(500))
                .max_deliver(1);
            let (stream, _replicas) = work_stream(&js, &options).await.unwrap();
            let consumer = workers_consumer(&stream, &options).await.unwrap();
            let publish = |body: &'static str| {
                let js = js.clone();
                async move {
                    js.publish(work_subject("given-up"), body.into())
                        .await
                        .unwrap()
                        .await
                        .unwrap()
                        .sequence
                }
            };
            let first = publish("first").await;
            let mut delivered = consumer.fetch().max_messages(1).messages().await.unwrap();
            let _held = delivered.next().await.unwrap().unwrap();
            // Delivered and unacknowledged: pending, not given up on.
            assert_eq!(given_up_quietly(&js, [first]).await.unwrap(), None);
            let deadline = Instant::now() + Duration::from_secs(15);
            let found = loop {
                if let Some(found) = given_up_quietly(&js, [first]).await.unwrap() {
                    break found;
                }
                assert!(
                    Instant::now() < deadline,
                    "message {first} was never given up on"
                );
                // A worker's pull: a 2.9 server looks at expired deliveries when asked.
                let mut pulled = consumer
                    .fetch()
                    .max_messages(1)
                    .expires(Duration::from_millis(100))
                    .messages()
                    .await
                    .unwrap();
                assert!(pulled.next().await.is_none(), "delivered again");
            };
            assert_eq!(
                found,
                Exhausted {
                    stream_seq: first,
                    deliveries: 1
                }
            );
            // A message not yet delivered: the consumer is not quiet, nothing is named.
            let second = publish("second").await;
            assert_eq!(given_up_quietly(&js, [first, second]).await.unwrap(), None);
            drop(server);
        });
    }
}
