//! A run's results, read in order from its results stream by an ephemeral consumer made
//! anew whenever its pull fails.
//!
//! The client's own ordered consumer sends its pulls with a 15 s heartbeat, so it notices
//! a consumer lost with its server (in a cluster, a single-replica consumer lives on one
//! server) only after 30 s; here pulls carry the workers' 1 s heartbeat.

use std::time::Duration;

use async_nats::jetstream::consumer::{AckPolicy, DeliverPolicy, pull};
use async_nats::jetstream::{self, stream};
use futures_util::StreamExt;
use tokio::time::Instant;

use crate::Error;
use crate::wire::{results_stream, results_subject};
use crate::worker::{PULL_EXPIRES, PULL_HEARTBEAT};

/// A pause before reading again after reading failed (a server restarting).
const RETRY_PAUSE: Duration = Duration::from_millis(100);

/// How long the server keeps a consumer no pull has asked of: one the run left behind
/// (its server lost, or the run's process killed) is removed after it.
const INACTIVE: Duration = Duration::from_secs(30);

/// The most results one pull asks for.
const PULL_BATCH: usize = 500;

/// A run's results stream, read in order from its first result.
pub(crate) struct Results {
    stream: stream::Stream,
    run: String,
    /// The stream sequence of the next result to read.
    next: u64,
    /// The pull in progress, if one is.
    messages: Option<pull::Stream>,
    /// How long reading may fail before the run fails.
    patience: Duration,
}

impl Results {
    /// Reads `stream`, run `run`'s results stream, from its first result.
    pub(crate) async fn open(
        stream: stream::Stream,
        run: &str,
        patience: Duration,
    ) -> Result<Results, Error> {
        let mut results = Results {
            stream,
            run: run.to_owned(),
            next: 1,
            messages: None,
            patience,
        };
        results.messages = Some(results.pull().await?);
        Ok(results)
    }

    /// Reads again from the first result, with a new consumer: a server restarted or
    /// lost may have taken the consumer with it, and a server restarted may have lost
    /// results it had not written to disk, and so number new ones as those read before.
    /// Reading again costs little: the run drops the results it has gathered already.
    pub(crate) fn reread(&mut self) {
        self.next = 1;
        self.messages = None;
    }

    /// The next result. A gap is read again from the last result read, and a failed
    /// pull or a lost consumer from the first ([`Results::reread`]), retried for as long
    /// as the patience lasts. Dropping the future at any await leaves the reader able to
    /// go on.
    pub(crate) async fn next(&mut self) -> Result<jetstream::Message, Error> {
        let mut failing_since = None;
        loop {
            let messages = match &mut self.messages {
                Some(messages) => messages,
                None => match self.pull().await {
                    Ok(messages) => self.messages.insert(messages),
                    Err(error) => {
                        let since = *failing_since.get_or_insert_with(Instant::now);
                        if since.elapsed() >= self.patience {
                            return Err(error);
                        }
                        tokio::time::sleep(RETRY_PAUSE).await;
                        continue;
                    }
                },
            };
            match messages.next().await {
                Some(Ok(message)) => {
                    let sequence = message.info().map(|info| info.stream_sequence).ok();
                    if sequence == Some(self.next) {
                        self.next += 1;
                        return Ok(message);
                    }
                    // One read already comes again: skip it. A gap: read again from the
                    // last result read.
                    if sequence.is_none_or(|sequence| sequence > self.next) {
                        self.messages = None;
                    }
                }
                // Missing heartbeats (the consumer's server gone), or the pull ended.
                Some(Err(_)) | None => self.reread(),
            }
        }
    }

    /// A new single-replica consumer of the results from the next one to read, and its
    /// pull.
    async fn pull(&self) -> Result<pull::Stream, Error> {
        let doing = || format!("reading the results stream {}", results_stream(&self.run));
        let consumer = self
            .stream
            .create_consumer(pull::Config {
                filter_subject: results_subject(&self.run),
                deliver_policy: DeliverPolicy::ByStartSequence {
                    start_sequence: self.next,
                },
                ack_policy: AckPolicy::None,
                num_replicas: 1,
                memory_storage: true,
                inactive_threshold: INACTIVE,
                ..Default::default()
            })
            .await
            .map_err(|error| Error::jetstream(doing(), error))?;
        consumer
            .stream()
            .max_messages_per_batch(PULL_BATCH)
            .expires(PULL_EXPIRES)
            .heartbeat(PULL_HEARTBEAT)
            .messages()
            .await
            .map_err(|error| Error::jetstream(doing(), error))
    }
}
