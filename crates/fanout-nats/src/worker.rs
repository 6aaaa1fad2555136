//! The workers' side: a process serving registered jobs to any run on the server.

use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;

use async_nats::HeaderMap;
use async_nats::jetstream::ErrorCode;
use async_nats::jetstream::context::{GetStreamErrorKind, PublishError, PublishErrorKind};
use async_nats::jetstream::{self, AckKind, consumer::PullConsumer};
use bytes::Bytes;
use fanout_core::WorkerId;
use futures_util::StreamExt;
use tokio::runtime::Runtime;
use tokio::sync::{OwnedSemaphorePermit, Semaphore, oneshot};

use crate::accept::{BatchHeaders, accept};
use crate::answers::{Answered, Part, answer_batch, single};
use crate::runtime::{block_on, new_runtime};
use crate::served::{Served, Tally};
use crate::streams::{work_stream, workers_consumer};
use crate::sweep::sweep;
use crate::wire::{
    self, BATCH, COUNT, ITEM, JOB, NANOS, Outcome, RUN, WORK_STREAM, WORKER, WORKERS_CONSUMER,
    results_stream, results_subject,
};
use crate::{Error, Jobs, NatsOptions};

/// A pause before pulling again after the pull failed (a server restarting).
const REPULL_PAUSE: Duration = Duration::from_millis(250);

/// How long the server keeps one pull request.
pub(crate) const PULL_EXPIRES: Duration = Duration::from_secs(5);

/// How often an idle server says a pull is still alive.
pub(crate) const PULL_HEARTBEAT: Duration = Duration::from_secs(1);

/// Serves `jobs` with `workers` workers to every run on the server at `url` (one URL, or
/// several of a cluster separated by commas), until the connection fails for good; see
/// [`Worker`] for a handle that stops.
pub fn serve(url: &str, workers: usize, jobs: Jobs) -> Result<(), Error> {
    serve_with(url, workers, jobs, &NatsOptions::new())
}

/// [`serve`] with authentication, TLS and timings of your choosing.
pub fn serve_with(
    url: &str,
    workers: usize,
    jobs: Jobs,
    options: &NatsOptions,
) -> Result<(), Error> {
    Worker::start(url, workers, jobs, options)?.wait()
}

/// A worker process's serving loop, running until dropped.
///
/// It runs at most `workers` batches at a time from the workers' shared consumer
/// (holding fewer than `3 x workers`, with those pulled ahead), each on a thread of its
/// own and its items in order, publishes their results as one message to the run's
/// results stream, waits for JetStream's acknowledgement of it, and only then
/// acknowledges the batch. A batch whose run has gone is terminated. A worker that dies
/// holding batches leaves them unacknowledged, and the server hands them to another
/// worker after the ack wait.
pub struct Worker {
    runtime: Option<Runtime>,
    tally: Arc<Tally>,
    stop: Option<oneshot::Sender<()>>,
    ended: std::sync::mpsc::Receiver<Result<(), Error>>,
}

impl Worker {
    /// Connects, joins the workers' consumer and starts serving.
    pub fn start(
        url: &str,
        workers: usize,
        jobs: Jobs,
        options: &NatsOptions,
    ) -> Result<Worker, Error> {
        if workers == 0 {
            return Err(Error::Config(
                "workers must be at least 1 (got 0)".to_owned(),
            ));
        }
        if jobs.is_empty() {
            return Err(Error::Config(
                "a worker needs at least one job to serve".to_owned(),
            ));
        }
        let runtime = new_runtime("fanout-nats-worker", workers)?;
        let joining = {
            let url = url.to_owned();
            let options = options.clone();
            async move {
                let js = jetstream::new(options.connect(&url).await?);
                let (stream, _replicas) = work_stream(&js, &options).await?;
                workers_consumer(&stream, &options).await?;
                // Batches are pulled on a connection of their own: a message whose
                // header the client cannot read makes it drop that connection, and the
                // results and acknowledgements of batches in hand travel on the other.
                let pulling = jetstream::new(options.connect(&url).await?);
                let consumer = pulling
                    .get_stream(WORK_STREAM)
                    .await
                    .map_err(|error| Error::jetstream("finding the work stream", error))?
                    .get_consumer(WORKERS_CONSUMER)
                    .await
                    .map_err(|error| {
                        Error::jetstream(format!("joining {WORKERS_CONSUMER}"), error)
                    })?;
                Ok::<_, Error>((js, consumer))
            }
        };
        let (js, consumer) = block_on(runtime.handle(), joining)?;
        let (stop, stopped) = oneshot::channel();
        let (end, ended) = std::sync::mpsc::channel();
        let tally = Arc::new(Tally::default());
        let serving = Serving {
            js,
            tally: Arc::clone(&tally),
            jobs: Arc::new(jobs),
            workers,
            ids: Arc::new(Mutex::new((1..=workers).rev().collect())),
            slots: Arc::new(Semaphore::new(workers)),
        };
        runtime.spawn(async move {
            tokio::select! {
                _ = stopped => {}
                () = serving.serve(consumer) => {}
            }
            let _gone = end.send(Ok(()));
        });
        Ok(Worker {
            runtime: Some(runtime),
            tally,
            stop: Some(stop),
            ended,
        })
    }

    /// Blocks while the worker serves; it serves until dropped, so this returns only
    /// once the serving loop has ended.
    pub fn wait(self) -> Result<(), Error> {
        self.ended.recv().unwrap_or(Ok(()))
    }

    /// What it has served so far: runs, items and batches answered, items refused,
    /// messages terminated; for a summary when the process is told to stop.
    pub fn served(&self) -> Served {
        self.tally.served()
    }
}

impl Drop for Worker {
    fn drop(&mut self) {
        drop(self.stop.take());
        // Items held and not acknowledged go back to the server after the ack wait.
        if let Some(runtime) = self.runtime.take() {
            runtime.shutdown_timeout(Duration::from_secs(1));
        }
    }
}

struct Serving {
    js: jetstream::Context,
    tally: Arc<Tally>,
    jobs: Arc<Jobs>,
    workers: usize,
    /// The ids of the workers free now.
    ids: Arc<Mutex<Vec<WorkerId>>>,
    /// One permit per free worker.
    slots: Arc<Semaphore>,
}

impl Serving {
    async fn serve(&self, consumer: PullConsumer) {
        loop {
            self.pull(&consumer).await;
            self.tally.terminated(sweep(&self.js).await);
            tokio::time::sleep(REPULL_PAUSE).await;
        }
    }

    /// Takes batches while the pull lasts; it ends on an error (reconnecting).
    ///
    /// The next batch is taken before a worker is free, so that it is here when one
    /// frees: a pull's round trip to the server would otherwise come between every two
    /// batches of a worker. A process therefore holds fewer than `3 x workers` batches:
    /// its `workers` running, one taken and waiting for a worker, and what its pulls of
    /// `workers` messages at a time have brought (the client pulls again when half a
    /// pull is in).
    async fn pull(&self, consumer: &PullConsumer) {
        let Ok(mut messages) = consumer
            .stream()
            .max_messages_per_batch(self.workers)
            // A server restarted forgets the pull: missing heartbeats end this one
            // within two heartbeats, and `serve` pulls again.
            .expires(PULL_EXPIRES)
            .heartbeat(PULL_HEARTBEAT)
            .messages()
            .await
        else {
            return;
        };
        loop {
            let message = match messages.next().await {
                Some(Ok(message)) => message,
                Some(Err(_)) | None => return,
            };
            let Ok(slot) = Arc::clone(&self.slots).acquire_owned().await else {
                return;
            };
            let item = Item {
                js: self.js.clone(),
                tally: Arc::clone(&self.tally),
                jobs: Arc::clone(&self.jobs),
                ids: Arc::clone(&self.ids),
                slot,
            };
            tokio::spawn(item.handle(message));
        }
    }
}

/// What handling one item needs.
struct Item {
    js: jetstream::Context,
    tally: Arc<Tally>,
    jobs: Arc<Jobs>,
    ids: Arc<Mutex<Vec<WorkerId>>>,
    slot: OwnedSemaphorePermit,
}

impl Item {
    async fn handle(self, message: jetstream::Message) {
        let BatchHeaders { job, run, first } = match accept(&message) {
            Ok(headers) => headers,
            Err(why) => {
                // Not a run's batch: nobody waits for it.
                log_terminated(&message, &why);
                self.tally.terminated(1);
                acknowledge(&self.js, &message, AckKind::Term).await;
                return;
            }
        };
        let worker = self
            .ids
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .pop()
            .unwrap_or(1);
        let jobs = Arc::clone(&self.jobs);
        let body = message.payload.clone();
        // Read at each batch: a reconnection may reach a server with another limit.
        let max_payload = self.js.client().max_payload();
        let answered = {
            let job = job.clone();
            tokio::task::spawn_blocking(move || {
                answer_batch(&jobs, &job, worker, &body, max_payload)
            })
            .await
        };
        self.ids
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .push(worker);
        drop(self.slot);
        // The job's panics are caught in `Jobs::call`; a failed task is the runtime's.
        let Answered { parts, refused } = answered.unwrap_or_else(|error| {
            single(
                Outcome::Panicked,
                &format!("the worker's task failed: {error}"),
            )
        });
        if let Some((item, why)) = &refused {
            eprintln!(
                "fanout-nats worker: refused item {} of run {run} (job `{job}`): {why}",
                first + item
            );
        }
        let answers = parts.iter().map(|part| part.count).sum();
        match publish_parts(&self.js, &run, first, worker, parts).await {
            Ok(()) => {
                acknowledge(&self.js, &message, AckKind::Ack).await;
                self.tally
                    .answered(&run, answers, u64::from(refused.is_some()));
            }
            // The run has ended or was dropped: its results stream is gone.
            Err(error)
                if error.kind() == PublishErrorKind::StreamNotFound
                    && run_gone(&self.js, &run).await =>
            {
                eprintln!(
                    "fanout-nats worker: terminated the batch from item {first} of run {run} \
                     (job `{job}`): its run has ended (its results stream is gone)"
                );
                self.tally.terminated(1);
                acknowledge(&self.js, &message, AckKind::Term).await;
            }
            // The server did not take a result: the batch stays unacknowledged and is
            // delivered again after the ack wait, at most the consumer's max_deliver
            // times.
            Err(_unacknowledged) => {}
        }
    }
}

/// Whether run `run`'s results stream is gone, as the JetStream API says. A publish with
/// no responders reads as "no stream" in the client, but a cluster electing the stream's
/// leader has none for a moment too: a batch terminated then would be lost to its run.
/// Any other answer, or none, is "not known to be gone".
async fn run_gone(js: &jetstream::Context, run: &str) -> bool {
    match js.get_stream(results_stream(run)).await {
        Ok(_stream) => false,
        Err(error) => matches!(
            error.kind(),
            GetStreamErrorKind::JetStream(ref answer)
                if answer.error_code() == ErrorCode::STREAM_NOT_FOUND
        ),
    }
}

/// Acknowledges (or terminates) a batch on the worker's main connection, not the one
/// it was pulled on, which a message the client cannot read may have dropped.
async fn acknowledge(js: &jetstream::Context, message: &jetstream::Message, kind: AckKind) {
    if let Some(reply) = &message.reply {
        // Unacknowledged, the batch comes back after the ack wait.
        let _unacknowledged = js.client().publish(reply.clone(), kind.into()).await;
    }
}

/// Says once, on stderr, which message the worker terminated and why, with the run and
/// job it names, if any.
fn log_terminated(message: &jetstream::Message, why: &str) {
    let sequence = message
        .info()
        .map_or_else(|_| "?".to_owned(), |info| info.stream_sequence.to_string());
    let named = |name: &str| wire::header(message.headers.as_ref(), name).unwrap_or("none");
    eprintln!(
        "fanout-nats worker: terminated message {sequence} on `{}` (run `{}`, job `{}`), not a \
         run's batch: {why}",
        message.subject,
        named(RUN),
        named(JOB)
    );
}

/// Publishes a batch's answers, part after part, each once JetStream has stored the one
/// before, so that a run gathers them in order.
async fn publish_parts(
    js: &jetstream::Context,
    run: &str,
    first: u64,
    worker: WorkerId,
    parts: Vec<Part>,
) -> Result<(), PublishError> {
    for part in parts {
        let mut headers = HeaderMap::new();
        headers.insert(BATCH, first.to_string());
        headers.insert(ITEM, (first + part.offset).to_string());
        headers.insert(COUNT, part.count.to_string());
        headers.insert(WORKER, worker.to_string());
        headers.insert(NANOS, part.took.as_nanos().to_string());
        js.publish_with_headers(results_subject(run), headers, Bytes::from(part.body))
            .await?
            .await?;
    }
    Ok(())
}
