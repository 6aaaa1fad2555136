//! A run as the consumer sees it: an iterator that pulls input lazily, keeps the items
//! in flight within the bound, and decodes results, in completion or input order.

use std::collections::BTreeMap;
use std::marker::PhantomData;
use std::panic::resume_unwind;
use std::sync::mpsc::{Receiver, RecvTimeoutError};
use std::time::Duration;

use tokio::sync::{mpsc, oneshot};

use crate::driver::{Arrival, Delivery};
use crate::wire::{Outcome, decode, encode};
use crate::{Error, Job, RemotePanic};

/// How long dropping a run waits for its removal from the server.
const REMOVAL_WAIT: Duration = Duration::from_secs(10);

/// A run's consumer end, from [`Nats::try_run`](crate::Nats::try_run): each item is
/// `Ok(output)`, or one `Err` after which the run ends (a remote panic is
/// [`Error::Panicked`]). Dropping it stops publishing and removes the run from the server.
pub struct Run<'nats, J: Job, I> {
    /// The job, for its name in error messages; workers run it, not this process.
    job: J,
    items: I,
    /// `None` once the input has ended (the driver sees its end) or the run was dropped.
    to_driver: Option<mpsc::UnboundedSender<(u64, Vec<u8>)>>,
    deliveries: Receiver<Delivery>,
    stop: Option<oneshot::Sender<()>>,
    finished: Receiver<()>,
    bound: u64,
    published: u64,
    gathered: u64,
    /// In input order: results waiting for the ones before them, and the next to yield.
    reorder: Option<(BTreeMap<u64, J::Output>, u64)>,
    ended: bool,
    _engine: PhantomData<&'nats ()>,
}

/// The parts [`Nats`](crate::Nats) starts a run with.
pub(crate) struct RunParts {
    pub(crate) to_driver: mpsc::UnboundedSender<(u64, Vec<u8>)>,
    pub(crate) deliveries: Receiver<Delivery>,
    pub(crate) stop: oneshot::Sender<()>,
    pub(crate) finished: Receiver<()>,
    pub(crate) bound: usize,
    pub(crate) ordered: bool,
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
            bound: parts.bound.max(1) as u64,
            published: 0,
            gathered: 0,
            reorder: parts.ordered.then(|| (BTreeMap::new(), 0)),
            ended: false,
            _engine: PhantomData,
        }
    }

    /// Items published and not yet handed to the consumer's code, which the bound
    /// covers: in input order, a gathered result waiting in the reorder buffer counts.
    fn in_flight(&self) -> u64 {
        let released = match &self.reorder {
            Some((_, next)) => *next,
            None => self.gathered,
        };
        self.published - released
    }

    /// Pulls and publishes input while the bound allows.
    fn top_up(&mut self) -> Result<(), Error> {
        while self.in_flight() < self.bound {
            let Some(to_driver) = &self.to_driver else {
                return Ok(());
            };
            let Some(input) = self.items.next() else {
                self.to_driver = None;
                return Ok(());
            };
            let number = self.published;
            let payload = encode(&input).map_err(|message| Error::Encode {
                job: self.job.name().into_owned(),
                item: number,
                message,
            })?;
            if to_driver.send((number, payload)).is_err() {
                // The driver has ended; its reason is waiting in `deliveries`.
                self.to_driver = None;
                return Ok(());
            }
            self.published += 1;
        }
        Ok(())
    }

    fn decode(&self, arrival: Arrival) -> Result<J::Output, Error> {
        let Arrival {
            item,
            worker,
            outcome,
            body,
        } = arrival;
        match outcome {
            Outcome::Done => decode(&body).map_err(|message| Error::Decode {
                job: self.job.name().into_owned(),
                item,
                message,
            }),
            Outcome::Panicked => Err(Error::Panicked(RemotePanic {
                item,
                worker,
                message: String::from_utf8_lossy(&body).into_owned(),
            })),
            Outcome::Refused => Err(Error::Refused {
                job: self.job.name().into_owned(),
                item,
                worker,
                message: String::from_utf8_lossy(&body).into_owned(),
            }),
        }
    }

    fn step(&mut self) -> Option<Result<J::Output, Error>> {
        loop {
            if let Err(error) = self.top_up() {
                return Some(Err(error));
            }
            if let Some((waiting, next)) = &mut self.reorder
                && let Some(output) = waiting.remove(next)
            {
                *next += 1;
                return Some(Ok(output));
            }
            if self.to_driver.is_none() && self.gathered == self.published {
                return None;
            }
            let arrival = match self.deliveries.recv() {
                Ok(Ok(arrival)) => arrival,
                Ok(Err(error)) => return Some(Err(error)),
                Err(_disconnected) => {
                    return Some(Err(Error::jetstream(
                        "gathering results",
                        "the run's driver ended early",
                    )));
                }
            };
            self.gathered += 1;
            let item = arrival.item;
            let output = match self.decode(arrival) {
                Ok(output) => output,
                Err(error) => return Some(Err(error)),
            };
            match &mut self.reorder {
                Some((waiting, _)) => {
                    waiting.insert(item, output);
                }
                None => return Some(Ok(output)),
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
/// the consumer whose payload is the [`RemotePanic`] or the [`Error`].
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
        // Drop the run (removing it from the server) before unwinding.
        self.0 = Err(None);
        match error {
            Error::Panicked(remote) => resume_unwind(Box::new(remote)),
            error => resume_unwind(Box::new(error)),
        }
    }
}
