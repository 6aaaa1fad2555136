//! An operator's look at a server: the work stream, the workers' consumer, the runs in
//! progress with their batches waiting, and the leftovers (batches whose run has gone),
//! read from JetStream's stream and consumer info ([`status`]).

use std::collections::BTreeMap;
use std::fmt;
use std::time::Duration;

use async_nats::jetstream::ErrorCode;
use async_nats::jetstream::{self, context::GetStreamErrorKind};
use futures_util::TryStreamExt;

use crate::runtime::{block_on, new_runtime};
use crate::wire::{WORK_STREAM, WORK_SUBJECTS, WORKERS_CONSUMER};
use crate::{Error, NatsOptions};

/// What a server holds for fanout, from [`status`]; its `Display` is a few lines of text.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct Status {
    /// The server answering: its name and version.
    pub server: String,
    /// The work stream, if it exists (a worker or a run creates it).
    pub work: Option<WorkStatus>,
    /// Runs whose results stream exists, by run id: running, or ended by a process that
    /// died before removing them (the server drops their results after an hour).
    pub runs: Vec<RunStatus>,
    /// Batches on the work stream whose run has no results stream: a run that ended
    /// without removing them. A worker terminates each when it takes it.
    pub leftovers: Vec<RunStatus>,
}

/// The work stream and its consumer.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct WorkStatus {
    /// Batches on the stream: waiting for a worker or held by one.
    pub batches: u64,
    /// Their bytes.
    pub bytes: u64,
    /// Servers keeping a copy.
    pub replicas: usize,
    /// The workers' consumer, if a worker has ever joined.
    pub workers: Option<WorkersStatus>,
}

/// The workers' shared consumer.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct WorkersStatus {
    /// Batches no worker has taken yet.
    pub waiting: u64,
    /// Batches taken and not yet acknowledged.
    pub held: usize,
    /// Batches delivered more than once and not yet acknowledged.
    pub redelivered: usize,
    /// Workers' pulls waiting for batches: 0 while no worker is up.
    pub pulls: usize,
    /// How long a worker may hold a batch.
    pub ack_wait: Duration,
    /// How many times a batch is delivered at most.
    pub max_deliver: i64,
}

/// A run's batches waiting on the work stream and results stored.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct RunStatus {
    /// The run's id.
    pub run: String,
    /// Its batches on the work stream.
    pub batches: u64,
    /// Its results stored and not yet removed (0 for a leftover).
    pub results: u64,
}

/// Connects to the server at `url` as [`Nats::connect_with`](crate::Nats::connect_with)
/// does and reads what it holds for fanout, creating nothing.
pub fn status(url: &str, options: &NatsOptions) -> Result<Status, Error> {
    let runtime = new_runtime("fanout-nats-status", 1)?;
    let (url, options) = (url.to_owned(), options.clone());
    block_on(runtime.handle(), async move {
        let client = options.connect(&url).await?;
        let info = client.server_info();
        let js = jetstream::new(client);
        let mut status = read(&js).await?;
        status.server = format!("{} (nats-server {})", info.server_name, info.version);
        Ok(status)
    })
}

async fn read(js: &jetstream::Context) -> Result<Status, Error> {
    let (work, mut waiting) = work(js).await?;
    let names: Vec<String> = js
        .stream_names()
        .try_collect()
        .await
        .map_err(|error| Error::jetstream("listing the streams", error))?;
    let mut runs = Vec::new();
    for name in names {
        let Some(run) = name.strip_prefix("FANOUT_OUT_") else {
            continue;
        };
        let results = match js.get_stream(&name).await {
            Ok(stream) => stream.cached_info().state.messages,
            // Removed between the listing and now: the run has just ended.
            Err(_gone) => continue,
        };
        runs.push(RunStatus {
            run: run.to_owned(),
            batches: waiting.remove(run).unwrap_or(0),
            results,
        });
    }
    let leftovers = waiting
        .into_iter()
        .map(|(run, batches)| RunStatus {
            run,
            batches,
            results: 0,
        })
        .collect();
    Ok(Status {
        server: String::new(),
        work,
        runs,
        leftovers,
    })
}

/// The work stream and its consumer, and its batches by run.
async fn work(
    js: &jetstream::Context,
) -> Result<(Option<WorkStatus>, BTreeMap<String, u64>), Error> {
    let stream = match js.get_stream(WORK_STREAM).await {
        Ok(stream) => stream,
        Err(error) => {
            return match error.kind() {
                GetStreamErrorKind::JetStream(ref answer)
                    if answer.error_code() == ErrorCode::STREAM_NOT_FOUND =>
                {
                    Ok((None, BTreeMap::new()))
                }
                _ => Err(Error::jetstream(format!("reading {WORK_STREAM}"), error)),
            };
        }
    };
    let mut subjects = stream
        .info_with_subjects(WORK_SUBJECTS)
        .await
        .map_err(|error| Error::jetstream(format!("reading {WORK_STREAM}"), error))?;
    let info = subjects.info.clone();
    let mut by_run = BTreeMap::new();
    while let Some((subject, count)) = subjects
        .try_next()
        .await
        .map_err(|error| Error::jetstream(format!("reading {WORK_STREAM}'s subjects"), error))?
    {
        if let Some(run) = subject.strip_prefix("fanout.work.") {
            by_run.insert(run.to_owned(), count as u64);
        }
    }
    let workers = stream
        .consumer_info(WORKERS_CONSUMER)
        .await
        .ok()
        .map(|consumer| WorkersStatus {
            waiting: consumer.num_pending,
            held: consumer.num_ack_pending,
            redelivered: consumer.num_redelivered,
            pulls: consumer.num_waiting,
            ack_wait: consumer.config.ack_wait,
            max_deliver: consumer.config.max_deliver,
        });
    let work = WorkStatus {
        batches: info.state.messages,
        bytes: info.state.bytes,
        replicas: info.config.num_replicas.max(1),
        workers,
    };
    Ok((Some(work), by_run))
}

impl fmt::Display for Status {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "server: {}", self.server)?;
        match &self.work {
            None => writeln!(
                f,
                "work stream {WORK_STREAM}: none yet (the first worker or run creates it)"
            )?,
            Some(work) => {
                writeln!(
                    f,
                    "work stream {WORK_STREAM}: {} batches ({} bytes), {} replica(s)",
                    work.batches, work.bytes, work.replicas
                )?;
                match &work.workers {
                    None => writeln!(f, "workers: none has ever joined ({WORKERS_CONSUMER})")?,
                    Some(workers) => writeln!(
                        f,
                        "workers ({WORKERS_CONSUMER}): {} pulls waiting, {} batches held, {} \
                         redelivered, {} not yet taken; ack wait {:?}, max deliver {}",
                        workers.pulls,
                        workers.held,
                        workers.redelivered,
                        workers.waiting,
                        workers.ack_wait,
                        workers.max_deliver
                    )?,
                }
            }
        }
        writeln!(f, "runs in progress: {}", self.runs.len())?;
        for run in &self.runs {
            writeln!(
                f,
                "  run {}: {} batches pending, {} results stored",
                run.run, run.batches, run.results
            )?;
        }
        writeln!(
            f,
            "leftovers (batches whose run has gone): {}",
            self.leftovers.len()
        )?;
        for run in &self.leftovers {
            writeln!(
                f,
                "  run {}: {} batches (workers terminate them as they take them)",
                run.run, run.batches
            )?;
        }
        Ok(())
    }
}
