//! A run as the consumer sees it: an iterator that pulls input lazily into batches sized
//! by the work they carry, keeps the batches in flight within the bound, and decodes
//! results, in completion or input order.

use std::collections::{BTreeMap, VecDeque};
use std::marker::PhantomData;
use std::sync::mpsc::{Receiver, RecvTimeoutError};
use std::time::{Duration, Instant};

use fanout_core::WorkerId;
use fanout_core::kit::BatchSizer;
use tokio::sync::{mpsc, oneshot};

use crate::answers::HEADER_ROOM;
use crate::driver::{Arrival, Batch, Delivery};
use crate::wire::{Outcome, decode, encode, frame};
use crate::{Error, Job, RemotePanic};

/// How long dropping a run waits for its removal from the server.
const REMOVAL_WAIT: Duration = Duration::from_secs(10);

/// A batch stops growing at this many bytes: past it, a message's cost is its bytes, not
/// its count. A batch never passes the server's `max_payload` either (1 MiB by default).
const BATCH_BYTES: usize = 64 * 1024;

/// A run's consumer end, from [`Nats::try_run`](crate::Nats::try_run): each item is
/// `Ok(output)`, or one `Err` after which the run ends (a remote panic is
/// [`Error::Panicked`]). Dropping it stops publishing and removes the run from the server.
pub struct Run<'nats, J: Job, I> {
    /// The job, for its name in error messages; workers run it, not this process.
    job: J,
    items: I,
    /// `None` once the input has ended (the driver sees its end) or the run was dropped.
    to_driver: Option<mpsc::UnboundedSender<Batch>>,
    deliveries: Receiver<Delivery>,
    stop: Option<oneshot::Sender<()>>,
    finished: Receiver<()>,
    sizer: BatchSizer,
    /// An item pulled and serialized that did not fit in the last batch's bytes.
    carried: Option<Vec<u8>>,
    /// The most bytes of items in one message: [`BATCH_BYTES`], or less where the
    /// server's `max_payload` leaves less room.
    batch_bytes: usize,
    /// The server's `max_payload`, for the error of an item larger than any message.
    max_payload: usize,
    /// The most batches published and not yet yielded.
    bound: u64,
    /// Items and batches published; items and batches whose results were all gathered,
    /// and batches whose results were all yielded.
    published: u64,
    batches: u64,
    gathered: u64,
    released: u64,
    /// The current arrival's answers, yielded one by one: item, worker, outcome, body;
    /// and whether they complete their batch.
    answers: VecDeque<(u64, WorkerId, Outcome, Vec<u8>)>,
    completing: bool,
    /// In input order: results waiting for the ones before them, the next to yield,
    /// and where each batch in flight ends.
    reorder: Option<Reorder<J::Output>>,
    ended: bool,
    _engine: PhantomData<&'nats ()>,
}

struct Reorder<R> {
    waiting: BTreeMap<u64, R>,
    next: u64,
    batch_ends: VecDeque<u64>,
}

/// The parts [`Nats`](crate::Nats) starts a run with.
pub(crate) struct RunParts {
    pub(crate) to_driver: mpsc::UnboundedSender<Batch>,
    pub(crate) deliveries: Receiver<Delivery>,
    pub(crate) stop: oneshot::Sender<()>,
    pub(crate) finished: Receiver<()>,
    /// The most batches in flight.
    pub(crate) bound: usize,
    pub(crate) sizer: BatchSizer,
    pub(crate) ordered: bool,
    /// The server's `max_payload` when the run started.
    pub(crate) max_payload: usize,
}

impl<J: Job, I: Iterator<Item = J::Input>> Run<'_, J, I> {
    pub(crate) fn new(job: J, parts: RunParts, items: I) -> Self {
        Run {
            job,
            items,
            to_driver: Some(parts.to_driver),
            deliveries: parts.deliveries,
            stop: Some(parts.stop),
            finished: parts.finished,
            sizer: parts.sizer,
            carried: None,
            batch_bytes: BATCH_BYTES.min(parts.max_payload.saturating_sub(HEADER_ROOM)),
            max_payload: parts.max_payload,
            bound: parts.bound.max(1) as u64,
            published: 0,
            batches: 0,
            gathered: 0,
            released: 0,
            answers: VecDeque::new(),
            completing: false,
            reorder: parts.ordered.then(|| Reorder {
                waiting: BTreeMap::new(),
                next: 0,
                batch_ends: VecDeque::new(),
            }),
            ended: false,
            _engine: PhantomData,
        }
    }

    /// Pulls and publishes batches while the bound allows.
    fn top_up(&mut self) -> Result<(), Error> {
        while self.batches - self.released < self.bound && self.to_driver.is_some() {
            let (body, count, input_ended) = self.fill()?;
            if count > 0 {
                let batch = Batch {
                    first: self.published,
                    count,
                    body,
                };
                let Some(to_driver) = &self.to_driver else {
                    return Ok(());
                };
                if to_driver.send(batch).is_err() {
                    // The driver has ended; its reason is waiting in `deliveries`.
                    self.to_driver = None;
                    return Ok(());
                }
                self.published += count;
                self.batches += 1;
                if let Some(reorder) = &mut self.reorder {
                    reorder.batch_ends.push_back(self.published);
                }
            }
            if input_ended {
                self.to_driver = None;
            }
        }
        Ok(())
    }

    /// Pulls the next batch: its items framed, how many, and whether the input ended.
    /// It stops at the sizer's count, at `batch_bytes`, or once pulling has taken the
    /// sizer's target, so that a slow input does not hold back items already pulled.
    ///
    /// An input that knows how many items it has left (its `size_hint`) keeps each batch
    /// to a share of them, one per batch the bound allows in flight: batches shrink
    /// towards the end of the input, so the workers finish together instead of one
    /// running a whole batch while the others wait.
    fn fill(&mut self) -> Result<(Vec<u8>, u64, bool), Error> {
        let left = self.items.size_hint().0 as u64;
        let share = if left == 0 {
            u64::MAX
        } else {
            left.div_ceil(self.bound)
        };
        let size = (self.sizer.size() as u64).min(share);
        let started = Instant::now();
        let mut body = Vec::new();
        let mut count = 0;
        if let Some(bytes) = self.carried.take() {
            frame(&mut body, &bytes);
            count += 1;
        }
        while count < size && body.len() < self.batch_bytes {
            if count > 0 && started.elapsed() >= self.sizer.target() {
                break;
            }
            let Some(input) = self.items.next() else {
                return Ok((body, count, true));
            };
            let number = self.published + count;
            let bytes = encode(&input).map_err(|message| Error::Encode {
                job: self.job.name().into_owned(),
                item: number,
                message,
            })?;
            // An item alone may pass `batch_bytes`, but not what a message can carry.
            if 4 + bytes.len() > self.max_payload.saturating_sub(HEADER_ROOM) {
                return Err(Error::TooLarge {
                    job: self.job.name().into_owned(),
                    item: number,
                    what: "input",
                    size: bytes.len() as u64,
                    limit: self.max_payload as u64,
                });
            }
            if count > 0 && body.len() + 4 + bytes.len() > self.batch_bytes {
                self.carried = Some(bytes);
                break;
            }
            frame(&mut body, &bytes);
            count += 1;
        }
        Ok((body, count, false))
    }

    fn decode(
        &self,
        item: u64,
        worker: WorkerId,
        outcome: Outcome,
        body: &[u8],
    ) -> Result<J::Output, Error> {
        match outcome {
            Outcome::Done => decode(body).map_err(|message| Error::Decode {
                job: self.job.name().into_owned(),
                item,
                message,
            }),
            Outcome::Panicked => Err(Error::Panicked(RemotePanic {
                item,
                worker,
                message: String::from_utf8_lossy(body).into_owned(),
            })),
            Outcome::TooLarge => {
                let (size, limit) = decode(body).map_err(|message| Error::Decode {
                    job: self.job.name().into_owned(),
                    item,
                    message,
                })?;
                Err(Error::TooLarge {
                    job: self.job.name().into_owned(),
                    item,
                    what: "result",
                    size,
                    limit,
                })
            }
            Outcome::Refused => Err(Error::Refused {
                job: self.job.name().into_owned(),
                item,
                worker,
                message: String::from_utf8_lossy(body).into_owned(),
            }),
        }
    }

    /// Takes in a worker's answers: the sizer learns what their items cost.
    fn arrive(&mut self, arrival: Arrival) {
        let Arrival {
            worker,
            carried,
            took,
            answers,
            completes,
        } = arrival;
        self.sizer.record(carried, took);
        self.gathered += answers.len() as u64;
        self.completing = completes;
        self.answers.extend(
            answers
                .into_iter()
                .map(|(item, outcome, body)| (item, worker, outcome, body)),
        );
    }

    fn step(&mut self) -> Option<Result<J::Output, Error>> {
        loop {
            if let Err(error) = self.top_up() {
                return Some(Err(error));
            }
            if let Some(reorder) = &mut self.reorder
                && let Some(output) = reorder.waiting.remove(&reorder.next)
            {
                reorder.next += 1;
                while reorder
                    .batch_ends
                    .front()
                    .is_some_and(|&end| end <= reorder.next)
                {
                    reorder.batch_ends.pop_front();
                    self.released += 1;
                }
                return Some(Ok(output));
            }
            if let Some((item, worker, outcome, body)) = self.answers.pop_front() {
                let output = match self.decode(item, worker, outcome, &body) {
                    Ok(output) => output,
                    Err(error) => return Some(Err(error)),
                };
                match &mut self.reorder {
                    Some(reorder) => {
                        reorder.waiting.insert(item, output);
                        continue;
                    }
                    None => {
                        if self.answers.is_empty() && self.completing {
                            self.released += 1;
                        }
                        return Some(Ok(output));
                    }
                }
            }
            if self.to_driver.is_none() && self.gathered == self.published {
                return None;
            }
            match self.deliveries.recv() {
                Ok(Ok(arrival)) => self.arrive(arrival),
                Ok(Err(error)) => return Some(Err(error)),
                Err(_disconnected) => {
                    return Some(Err(Error::jetstream(
                        "gathering results",
                        "the run's driver ended early",
                    )));
                }
            }
        }
    }
}

impl<J: Job, I: Iterator<Item = J::Input>> Iterator for Run<'_, J, I> {
    type Item = Result<J::Output, Error>;

    fn next(&mut self) -> Option<Self::Item> {
        if self.ended {
            return None;
        }
        let next = self.step();
        if !matches!(next, Some(Ok(_))) {
            self.ended = true;
        }
        next
    }
}

impl<J: Job, I> Drop for Run<'_, J, I> {
    fn drop(&mut self) {
        // Stop the driver: it stops publishing, deletes what is left of the run's items
        // and deletes its results stream, then says so.
        self.to_driver = None;
        drop(self.stop.take());
        match self.finished.recv_timeout(REMOVAL_WAIT) {
            Ok(()) | Err(RecvTimeoutError::Disconnected) => {}
            Err(RecvTimeoutError::Timeout) => {
                eprintln!(
                    "fanout-nats: a run was not removed from the server within {REMOVAL_WAIT:?}"
                );
            }
        }
    }
}

/// [`Run`] for [`Nats::run`](crate::Nats::run): outputs, and any error as a panic at
/// the consumer whose message is the error's text. The panic goes through the panic
/// hook, as any panic does, so that a program that does not catch it says why it ended
/// (resuming the [`Error`] as a payload would skip the hook and print nothing).
pub(crate) struct Unwrapped<R>(pub(crate) Result<R, Option<Error>>);

impl<T, R: Iterator<Item = Result<T, Error>>> Iterator for Unwrapped<R> {
    type Item = T;

    fn next(&mut self) -> Option<T> {
        let error = match &mut self.0 {
            Ok(run) => match run.next()? {
                Ok(output) => return Some(output),
                Err(error) => error,
            },
            Err(error) => error.take()?,
        };
        // Drop the run (removing it from the server) before panicking.
        self.0 = Err(None);
        panic!("fanout-nats: {error}")
    }
}
