//! A run's task on the engine's runtime: publishes the items the consumer hands it,
//! gathers results, drops duplicates, and removes the run from the server at its end.

use std::collections::{HashMap, HashSet};
use std::time::Duration;

use async_nats::HeaderMap;
use async_nats::jetstream::{self, consumer::pull};
use bytes::Bytes;
use fanout_core::WorkerId;
use futures_util::StreamExt;
use futures_util::future::BoxFuture;
use futures_util::stream::FuturesUnordered;
use tokio::sync::{mpsc, oneshot, watch};
use tokio::time::Instant;

use crate::Error;
use crate::streams::{remove_run, reread_results};
use crate::wire::{self, ITEM, JOB, OUTCOME, Outcome, RUN, WORKER, work_subject};

/// A worker's answer for one item, not yet decoded.
pub(crate) struct Arrival {
    pub(crate) item: u64,
    pub(crate) worker: WorkerId,
    pub(crate) outcome: Outcome,
    pub(crate) body: Vec<u8>,
}

/// What the driver sends the consumer.
pub(crate) type Delivery = Result<Arrival, Error>;

/// The driver's ends of its channels and what it needs to publish.
pub(crate) struct Driver {
    pub(crate) js: jetstream::Context,
    pub(crate) run: String,
    pub(crate) job: String,
    pub(crate) patience: Duration,
    pub(crate) results: pull::Ordered,
    /// Changes on every reconnection to the server.
    pub(crate) connections: watch::Receiver<u64>,
    /// Serialized items, numbered, from the consumer; closed when the input ends.
    pub(crate) items: mpsc::UnboundedReceiver<(u64, Vec<u8>)>,
    /// Resolves when the consumer has gone.
    pub(crate) stop: oneshot::Receiver<()>,
    pub(crate) deliveries: std::sync::mpsc::Sender<Delivery>,
    /// Told once the run is removed from the server.
    pub(crate) finished: std::sync::mpsc::SyncSender<()>,
}

/// A pause between retries of a failed publish or read.
const RETRY_PAUSE: Duration = Duration::from_millis(100);

/// How long a run's end waits for publishes still unacknowledged, so as to remove them.
const PUBLISH_DRAIN: Duration = Duration::from_secs(5);

/// Publishes acknowledged or failed: the item's number, and its stream sequence.
type Publishing = FuturesUnordered<BoxFuture<'static, Result<(u64, u64), Error>>>;

impl Driver {
    pub(crate) async fn drive(mut self) {
        let mut ledger = Ledger::default();
        let mut publishing = Publishing::new();
        let outcome = self.gather(&mut ledger, &mut publishing).await;
        if let Err(error) = outcome {
            let _gone = self.deliveries.send(Err(error));
        }
        // Items published and not yet acknowledged by JetStream may still be stored.
        let drain = async {
            while let Some(published) = publishing.next().await {
                if let Ok((number, sequence)) = published {
                    ledger.stored(number, sequence);
                }
            }
        };
        let _partly = tokio::time::timeout(PUBLISH_DRAIN, drain).await;
        let left: Vec<u64> = ledger.sequences.into_values().flatten().collect();
        if let Err(error) = remove_run(&self.js, &self.run, &left).await {
            eprintln!("fanout-nats: run {}: {error}", self.run);
        }
        let _gone = self.finished.send(());
    }

    async fn gather(
        &mut self,
        ledger: &mut Ledger,
        publishing: &mut Publishing,
    ) -> Result<(), Error> {
        let subject = work_subject(&self.run);
        let mut input_open = true;
        loop {
            if !input_open && ledger.outstanding.is_empty() {
                return Ok(());
            }
            tokio::select! {
                _ = &mut self.stop => return Ok(()),
                item = self.items.recv(), if input_open => match item {
                    Some((number, payload)) => {
                        ledger.outstanding.insert(number);
                        let headers = self.headers(number);
                        let deadline = Instant::now() + self.patience;
                        publishing.push(Box::pin(publish(self.js.clone(), subject.clone(), headers, payload, number, deadline)));
                    }
                    None => input_open = false,
                },
                Some(published) = publishing.next(), if !publishing.is_empty() => {
                    let (number, sequence) = published?;
                    ledger.stored(number, sequence);
                }
                Ok(()) = self.connections.changed() => {
                    // A server restarted has forgotten the results consumer's pull, which
                    // would notice only after two missed heartbeats, 30 s each. Reading
                    // the results again from the first costs little: the ledger drops
                    // those gathered already.
                    self.results = reread_patiently(self.js.clone(), self.run.clone(), self.patience).await?;
                }
                message = self.results.next() => match message {
                    Some(Ok(message)) => {
                        let Some(arrival) = parse(&message) else { continue };
                        if ledger.gathered(arrival.item) && self.deliveries.send(Ok(arrival)).is_err() {
                            return Ok(());
                        }
                    }
                    // The ordered consumer recreates itself after a gap or a restart;
                    // what it reports meanwhile is transient.
                    Some(Err(_transient)) => tokio::time::sleep(RETRY_PAUSE).await,
                    None => return Err(Error::jetstream(format!("reading run {}'s results", self.run), "the consumer ended")),
                },
            }
        }
    }

    fn headers(&self, number: u64) -> HeaderMap {
        let mut headers = HeaderMap::new();
        headers.insert(JOB, self.job.as_str());
        headers.insert(RUN, self.run.as_str());
        headers.insert(ITEM, number.to_string());
        headers
    }
}

/// What a run has published and gathered.
#[derive(Default)]
struct Ledger {
    /// Items published and not yet gathered: a result for any other number is a
    /// duplicate of one already delivered (at-least-once delivery) and is dropped.
    outstanding: HashSet<u64>,
    /// The work stream's sequences of items not yet gathered, to delete them if the
    /// run ends first. (Deleting a run's messages one by one, rather than purging its
    /// subject, leaves the workers' consumer alone: on nats-server 2.9 a filtered purge
    /// moved the consumer past other runs' items, which then were never delivered.)
    sequences: HashMap<u64, Vec<u64>>,
}

impl Ledger {
    fn stored(&mut self, number: u64, sequence: u64) {
        // An item gathered before its publish was acknowledged is gone from the stream.
        if self.outstanding.contains(&number) {
            self.sequences.entry(number).or_default().push(sequence);
        }
    }

    /// Whether this is the item's first result.
    fn gathered(&mut self, number: u64) -> bool {
        self.sequences.remove(&number);
        self.outstanding.remove(&number)
    }
}

/// Publishes one item and waits for JetStream's acknowledgement, retrying until
/// `deadline` (a server restarting answers nothing for a while); returns the item's
/// number and its sequence in the work stream.
async fn publish(
    js: jetstream::Context,
    subject: String,
    headers: HeaderMap,
    payload: Vec<u8>,
    number: u64,
    deadline: Instant,
) -> Result<(u64, u64), Error> {
    let payload = Bytes::from(payload);
    loop {
        let attempt = async {
            js.publish_with_headers(subject.clone(), headers.clone(), payload.clone())
                .await?
                .await
        };
        match attempt.await {
            Ok(ack) => return Ok((number, ack.sequence)),
            Err(error) if Instant::now() >= deadline => {
                return Err(Error::jetstream(format!("publishing item {number}"), error));
            }
            Err(_retry) => tokio::time::sleep(RETRY_PAUSE).await,
        }
    }
}

/// A new consumer of the run's results, retried until `patience` runs out (a server
/// restarting answers nothing for a while).
async fn reread_patiently(
    js: jetstream::Context,
    run: String,
    patience: Duration,
) -> Result<pull::Ordered, Error> {
    let deadline = Instant::now() + patience;
    loop {
        match reread_results(&js, &run).await {
            Ok(results) => return Ok(results),
            Err(error) if Instant::now() >= deadline => return Err(error),
            Err(_retry) => tokio::time::sleep(RETRY_PAUSE).await,
        }
    }
}

/// A results message's item, worker and outcome, from its headers; `None` for a
/// message that is not a worker's answer (nothing else publishes there).
fn parse(message: &jetstream::Message) -> Option<Arrival> {
    let headers = message.headers.as_ref();
    Some(Arrival {
        item: wire::number_header(headers, ITEM)?,
        worker: usize::try_from(wire::number_header(headers, WORKER)?).ok()?,
        outcome: Outcome::parse(wire::header(headers, OUTCOME)?)?,
        body: message.payload.to_vec(),
    })
}
