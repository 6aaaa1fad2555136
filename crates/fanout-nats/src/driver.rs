//! A run's task on the engine's runtime: publishes the batches the consumer hands it,
//! gathers their results, drops duplicates, and removes the run from the server at its
//! end.

use std::collections::HashMap;
use std::time::Duration;

use async_nats::HeaderMap;
use async_nats::jetstream;
use bytes::Bytes;
use fanout_core::WorkerId;
use futures_util::StreamExt;
use futures_util::future::BoxFuture;
use futures_util::stream::FuturesUnordered;
use tokio::sync::{mpsc, oneshot, watch};
use tokio::time::Instant;

use crate::Error;
use crate::exhausted::{self, Exhausted};
use crate::results::Results;
use crate::streams::remove_run;
use crate::waiting::{ASK_TIMEOUT, Silence, Waiting};
use crate::wire::{self, BATCH, COUNT, ITEM, JOB, NANOS, Outcome, RUN, WORKER, work_subject};

/// A worker's answers not gathered before, not yet decoded, from one result message: a
/// batch's answers travel in one message or several, and a batch ends early only at an
/// answer that is not [`Outcome::Done`].
pub(crate) struct Arrival {
    pub(crate) worker: WorkerId,
    /// How many answers the message carried, and the time the worker spent on their
    /// items, from which the next batches are sized.
    pub(crate) carried: usize,
    pub(crate) took: Duration,
    /// Each new answer with its item's number, in order.
    pub(crate) answers: Vec<(u64, Outcome, Vec<u8>)>,
    /// Whether these answers complete their batch.
    pub(crate) completes: bool,
}

/// A batch of consecutive items from the consumer: the first one's number, how many,
/// and their serialized inputs, framed.
pub(crate) struct Batch {
    pub(crate) first: u64,
    pub(crate) count: u64,
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
    /// How long the run waits without results before it says what it waits for.
    pub(crate) wait_notice: Duration,
    pub(crate) results: Results,
    /// The server's advisories of batches delivered `max_deliver` times, subscribed to
    /// before the first batch is published.
    pub(crate) exhausted: async_nats::Subscriber,
    /// Changes on every reconnection to the server.
    pub(crate) connections: watch::Receiver<u64>,
    /// Batches from the consumer; closed when the input ends.
    pub(crate) items: mpsc::UnboundedReceiver<Batch>,
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

/// Publishes acknowledged or failed: each batch's first item and its sequence in the
/// work stream.
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
                if let Ok((first, sequence)) = published {
                    ledger.stored(first, sequence);
                }
            }
        };
        let _partly = tokio::time::timeout(PUBLISH_DRAIN, drain).await;
        if let Err(error) = remove_run(&self.js, &self.run, ledger.first_sequence).await {
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
        let mut silence = Silence::new(self.wait_notice);
        loop {
            if !input_open && ledger.outstanding.is_empty() {
                return Ok(());
            }
            tokio::select! {
                _ = &mut self.stop => return Ok(()),
                item = self.items.recv(), if input_open => match item {
                    Some(batch) => {
                        if ledger.outstanding.is_empty() {
                            silence.restart();
                        }
                        ledger.outstanding.insert(batch.first, Pending::new(batch.count));
                        let headers = self.headers(&batch);
                        let deadline = Instant::now() + self.patience;
                        publishing.push(Box::pin(publish(self.js.clone(), subject.clone(), headers, batch.body, batch.first, deadline)));
                    }
                    None => input_open = false,
                },
                Some(published) = publishing.next(), if !publishing.is_empty() => {
                    let (first, sequence) = published?;
                    ledger.stored(first, sequence);
                }
                Some(advisory) = self.exhausted.next() => {
                    if let Some(exhausted) = exhausted::parse(&advisory.payload) {
                        ledger.given_up(&self.job, &exhausted)?;
                    }
                }
                Ok(()) = self.connections.changed() => {
                    // A server restarted has forgotten the results consumer's pull, and
                    // may have lost results it had not written to disk.
                    self.results.reread();
                }
                message = self.results.next() => match message {
                    Ok(message) => {
                        let Some(part) = parse(&message) else { continue };
                        if let Some(arrival) = ledger.gather(part) {
                            silence.restart();
                            if self.deliveries.send(Ok(arrival)).is_err() {
                                return Ok(());
                            }
                        }
                    }
                    Err(error) => return Err(error),
                },
                () = tokio::time::sleep_until(silence.due()), if !ledger.outstanding.is_empty() => {
                    let silent = silence.notice();
                    let waiting = Waiting {
                        run: &self.run,
                        job: &self.job,
                        batches: ledger.outstanding.len(),
                        items: ledger.outstanding.values().map(|pending| pending.left).sum(),
                    };
                    waiting.say(&self.js, silent).await;
                    // A batch given up on while this run's connection was down has had
                    // its advisory lost; the server still knows.
                    let asking = exhausted::given_up_quietly(&self.js, ledger.unanswered());
                    if let Ok(Ok(Some(exhausted))) = tokio::time::timeout(ASK_TIMEOUT, asking).await {
                        ledger.given_up(&self.job, &exhausted)?;
                    }
                }
            }
        }
    }

    fn headers(&self, batch: &Batch) -> HeaderMap {
        let mut headers = HeaderMap::new();
        headers.insert(JOB, self.job.as_str());
        headers.insert(RUN, self.run.as_str());
        headers.insert(ITEM, batch.first.to_string());
        headers.insert(COUNT, batch.count.to_string());
        headers
    }
}

/// What a run has published and gathered, by each batch's first item.
#[derive(Default)]
struct Ledger {
    /// Batches published and not yet wholly gathered, by their first item: results for
    /// any other batch, or for an item already answered, duplicate ones already
    /// delivered (at-least-once delivery) and are dropped.
    outstanding: HashMap<u64, Pending>,
    /// The work stream's sequence of the run's first batch stored: the run's end
    /// deletes every message on its subject from there, including those a server killed
    /// had removed in memory only (acknowledged, so never delivered again).
    first_sequence: Option<u64>,
    /// Each batch's first item by its sequence in the work stream, to know a batch the
    /// server gave up on from its advisory.
    by_sequence: HashMap<u64, u64>,
}

impl Ledger {
    fn stored(&mut self, first: u64, sequence: u64) {
        self.first_sequence = Some(self.first_sequence.map_or(sequence, |at| at.min(sequence)));
        self.by_sequence.insert(sequence, first);
    }

    /// Where the batches not yet wholly gathered are in the work stream, as far as known.
    fn unanswered(&self) -> Vec<u64> {
        self.by_sequence
            .iter()
            .filter(|(_, first)| self.outstanding.contains_key(first))
            .map(|(&sequence, _)| sequence)
            .collect()
    }

    /// The run's error if the batch the server gave up on is one of this run's not yet
    /// gathered; advisories of other runs' batches, or of batches gathered since, pass.
    fn given_up(&self, job: &str, exhausted: &Exhausted) -> Result<(), Error> {
        let Some(&first) = self.by_sequence.get(&exhausted.stream_seq) else {
            return Ok(());
        };
        match self.outstanding.get(&first) {
            Some(pending) => Err(Error::Undelivered {
                job: job.to_owned(),
                first,
                count: pending.count(),
                deliveries: exhausted.deliveries,
            }),
            None => Ok(()),
        }
    }

    /// The answers in `part` not gathered before, if any.
    fn gather(&mut self, part: Part) -> Option<Arrival> {
        let pending = self.outstanding.get_mut(&part.batch)?;
        let offset = part.first.checked_sub(part.batch)?;
        let carried = part.answers.len();
        if offset + carried as u64 > pending.count() {
            return None;
        }
        let mut ended = false;
        let mut answers = Vec::new();
        for (item, (outcome, body)) in (part.first..).zip(part.answers) {
            let seen = &mut pending.answered[(item - part.batch) as usize];
            if !*seen {
                *seen = true;
                pending.left -= 1;
                ended |= outcome != Outcome::Done;
                answers.push((item, outcome, body));
            }
        }
        let completes = pending.left == 0 || ended;
        if completes {
            self.outstanding.remove(&part.batch);
        }
        (!answers.is_empty()).then_some(Arrival {
            worker: part.worker,
            carried,
            took: part.took,
            answers,
            completes,
        })
    }
}

/// A batch published and not yet wholly gathered: which of its items are answered.
struct Pending {
    answered: Vec<bool>,
    left: u64,
}

impl Pending {
    fn new(count: u64) -> Pending {
        Pending {
            answered: vec![false; count as usize],
            left: count,
        }
    }

    fn count(&self) -> u64 {
        self.answered.len() as u64
    }
}

/// A result message: its batch's first item, its own first item, the worker, the time
/// on its items, and its answers.
struct Part {
    batch: u64,
    first: u64,
    worker: WorkerId,
    took: Duration,
    answers: Vec<(Outcome, Vec<u8>)>,
}

/// Publishes one batch and waits for JetStream's acknowledgement, retrying until
/// `deadline` (a server restarting answers nothing for a while); returns the batch's
/// first item and its sequence in the work stream.
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
                return Err(Error::jetstream(
                    format!("publishing item {number}'s batch"),
                    error,
                ));
            }
            Err(_retry) => tokio::time::sleep(RETRY_PAUSE).await,
        }
    }
}

/// A result message's part of a batch; `None` for a message that is not a worker's
/// whole part (nothing else publishes there).
fn parse(message: &jetstream::Message) -> Option<Part> {
    let headers = message.headers.as_ref();
    let count = wire::number_header(headers, COUNT)?;
    let answers = wire::unframe_answers(&message.payload).ok()?;
    (answers.len() as u64 == count).then_some(())?;
    Some(Part {
        batch: wire::number_header(headers, BATCH)?,
        first: wire::number_header(headers, ITEM)?,
        worker: usize::try_from(wire::number_header(headers, WORKER)?).ok()?,
        took: Duration::from_nanos(wire::number_header(headers, NANOS)?),
        answers,
    })
}
