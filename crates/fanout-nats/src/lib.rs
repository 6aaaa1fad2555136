//! Fan-out/fan-in past one machine: jobs registered by name, run by worker processes
//! over a [NATS JetStream](https://docs.nats.io/nats-concepts/jetstream) work queue.
//!
//! Closures cannot cross processes, so work is a [`Job`]: a name, serde input and output
//! types, and `call`. A worker process registers jobs in [`Jobs`] and [`serve`]s them;
//! the consumer connects a [`Nats`] engine and calls [`Nats::run`]`(job, inputs)`, getting
//! back an ordinary iterator of the job's outputs. `fanout worker` (crate `fanout-cli`,
//! `cargo install --path crates/fanout-cli`) serves the harness's workloads as
//! `fanout_harness::WorkloadJob`; `fanout-cli`'s `examples/nats_consumer.rs` runs one.
//!
//! # Strategy
//! Items travel in batches, one message each, on a work-queue stream that every worker
//! pulls from; a batch not acknowledged in time goes to another worker, so delivery is at
//! least once, and the consumer keeps one result per item. Batches size themselves to
//! about [`Nats::target`] of work (one item for long work), as the `adaptive` engine's do.
//! A worker runs only jobs it serves and refuses others ([`Error::Refused`]); a message
//! no run sent is terminated. Given several server URLs and [`NatsOptions::replicas`], a
//! run survives losing a server. How and why: `src/README.md`; measured: `results/NOTES.md`.
//!
//! # In-flight bound
//! [`Nats::in_flight_bound`] = `(workers + capacity) * max_batch` items published and not
//! yet yielded: the consumer pulls the input lazily and publishes a batch only while
//! fewer than `workers + capacity` are in flight.
//!
//! # Errors
//! [`Nats::run`] panics at the consumer on failure, with the [`Error`]'s text; [`Nats::try_run`]
//! gives it as a value (a job's panic as [`Error::Panicked`] with its [`RemotePanic`]; a
//! batch the server gave up on after the workers' `max_deliver` deliveries as
//! [`Error::Undelivered`]). An unreachable server fails [`Nats::connect`] within 2 s.
//!
//! # Example
//! A job, a worker serving it and a run, here in one process against a local server
//! ([`LocalServer`], which the crate's tests use too); in production the worker is a
//! process of its own on each worker machine, calling [`serve`].
//!
//! ```
//! use fanout_core::{FanConfig, WorkerId};
//! use fanout_nats::{Job, Jobs, LocalServer, Nats, NatsOptions, Worker};
//!
//! struct Square;
//!
//! impl Job for Square {
//!     const NAME: &'static str = "square";
//!     type Input = u64;
//!     type Output = u64;
//!     fn call(&self, _worker: WorkerId, n: u64) -> u64 {
//!         n * n
//!     }
//! }
//!
//! # let Some(server) = LocalServer::for_tests(&[]) else { return Ok(()) };
//! let url = server.url(); // e.g. "nats://127.0.0.1:4222"
//!
//! // On each worker machine: `fanout_nats::serve(&url, 4, jobs)` in its own binary.
//! let _worker = Worker::start(&url, 4, Jobs::new().with(Square)?, &NatsOptions::new())?;
//!
//! // On the consumer's machine: the same contract as the in-process engines.
//! let engine = Nats::connect(&url, FanConfig::new(4)?)?;
//! let squares: Vec<u64> = engine.run_ordered(1..=5u64, Square).collect();
//! assert_eq!(squares, [1, 4, 9, 16, 25]);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

mod accept;
mod answers;
mod driver;
mod engine;
mod error;
mod exhausted;
mod job;
mod jobs;
mod local_cluster;
mod local_server;
mod options;
mod raw;
mod results;
mod run;
mod runtime;
mod served;
mod servers;
mod status;
mod streams;
mod sweep;
mod unreadable;
mod waiting;
mod wire;
mod worker;

pub use engine::{DEFAULT_MAX_BATCH, DEFAULT_TARGET, MAX_BATCH_LIMIT, MAX_TARGET, Nats};
pub use error::Error;
pub use job::{Job, RemotePanic};
pub use jobs::Jobs;
pub use local_cluster::LocalCluster;
pub use local_server::{LocalServer, ServerError};
pub use options::{MAX_REPLICAS, NatsOptions};
pub use run::Run;
pub use served::Served;
pub use status::{RunStatus, Status, WorkStatus, WorkersStatus, status};
pub use wire::{WORK_STREAM, WORKERS_CONSUMER, results_stream, work_subject};
pub use worker::{Worker, serve, serve_with};
