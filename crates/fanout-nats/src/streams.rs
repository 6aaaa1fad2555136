//! Creating and removing the streams and the consumer the protocol uses.

use std::time::Duration;

use async_nats::jetstream::consumer::{AckPolicy, PullConsumer, pull};
use async_nats::jetstream::{self, stream};

use crate::raw::delete_subject;
use crate::results::Results;
use crate::wire::{
    WORK_STREAM, WORK_SUBJECTS, WORKERS_CONSUMER, results_stream, results_subject, work_subject,
};
use crate::{Error, MAX_REPLICAS, NatsOptions};

/// How long a run's results are kept if the run's process dies before it deletes them.
const RESULTS_MAX_AGE: Duration = Duration::from_secs(3600);

/// The shared work-queue stream, created by whoever comes first with the replicas
/// `options` ask for (1 if they ask for none), and its replica count.
pub(crate) async fn work_stream(
    js: &jetstream::Context,
    options: &NatsOptions,
) -> Result<(stream::Stream, usize), Error> {
    let asked = options.replicas_value()?;
    let replicas = asked.unwrap_or(1);
    let stream = js
        .get_or_create_stream(stream::Config {
            name: WORK_STREAM.to_owned(),
            subjects: vec![WORK_SUBJECTS.to_owned()],
            // An item leaves the stream when a worker acknowledges it.
            retention: stream::RetentionPolicy::WorkQueue,
            storage: stream::StorageType::File,
            num_replicas: replicas,
            ..Default::default()
        })
        .await
        .map_err(|error| {
            Error::jetstream(
                creating(&format!("the work stream {WORK_STREAM}"), replicas),
                error,
            )
        })?;
    // A server reports a stream created without a count as having 1 replica.
    let has = stream.cached_info().config.num_replicas.max(1);
    match asked {
        Some(asked) if asked != has => Err(Error::Config(format!(
            "the work stream {WORK_STREAM} exists with {has} replica(s), not the {asked} asked \
             for: ask for {has}, or, while no run uses it, remove it (`nats stream rm \
             {WORK_STREAM}`) for the next worker or run to create it with {asked}"
        ))),
        _ => Ok((stream, has)),
    }
}

/// What creating `stream` with `replicas` is, in an error message: with more than one,
/// what the server takes, since its own refusal ("insufficient resources") does not say.
fn creating(stream: &str, replicas: usize) -> String {
    if replicas == 1 {
        format!("creating {stream}")
    } else {
        format!(
            "creating {stream} with {replicas} replicas (a single server takes 1, a cluster \
             at most as many as its JetStream servers up, and at most {MAX_REPLICAS})"
        )
    }
}

/// The workers' shared durable consumer, with this worker's ack wait and bounds.
pub(crate) async fn workers_consumer(
    stream: &stream::Stream,
    options: &NatsOptions,
) -> Result<PullConsumer, Error> {
    let config = pull::Config {
        durable_name: Some(WORKERS_CONSUMER.to_owned()),
        ack_policy: AckPolicy::Explicit,
        ack_wait: options.ack_wait_value(),
        max_ack_pending: options.max_ack_pending_value(),
        max_deliver: options.max_deliver_value(),
        ..Default::default()
    };
    // The server updates an existing consumer's ack wait and bounds in place (2.9
    // and later), so the worker that joins last sets them for all.
    stream.create_consumer(config).await.map_err(|error| {
        Error::jetstream(
            format!("creating the workers' consumer {WORKERS_CONSUMER}"),
            error,
        )
    })
}

/// A run's results stream, with the work stream's `replicas`, and its reader from the
/// first result, which retries a failed read for `patience`.
pub(crate) async fn results(
    js: &jetstream::Context,
    run: &str,
    replicas: usize,
    patience: Duration,
) -> Result<Results, Error> {
    let stream = js
        .create_stream(stream::Config {
            name: results_stream(run),
            subjects: vec![results_subject(run)],
            storage: stream::StorageType::File,
            max_age: RESULTS_MAX_AGE,
            num_replicas: replicas,
            ..Default::default()
        })
        .await
        .map_err(|error| {
            Error::jetstream(
                creating(
                    &format!("the results stream {}", results_stream(run)),
                    replicas,
                ),
                error,
            )
        })?;
    Results::open(stream, run, patience).await
}

/// Removes what a run left on the server: every message on its subject in the work
/// stream from `first` (its first batch's sequence) on, and its results stream with its
/// consumer.
///
/// Messages are deleted one by one rather than by purging the run's subject: on
/// nats-server 2.9 a filtered purge moved the workers' consumer past other runs' items,
/// which then were never delivered.
pub(crate) async fn remove_run(
    js: &jetstream::Context,
    run: &str,
    first: Option<u64>,
) -> Result<(), Error> {
    if let Some(first) = first {
        delete_subject(js, &work_subject(run), first).await?;
    }
    js.delete_stream(results_stream(run))
        .await
        .map_err(|error| Error::jetstream(format!("deleting {}", results_stream(run)), error))?;
    Ok(())
}
