//! Fan-out/fan-in past one machine: jobs registered by name, run by worker processes
//! over a [NATS JetStream](https://docs.nats.io/nats-concepts/jetstream) work queue.
//!
//! Closures cannot cross processes, so work is a [`Job`]: a name, serde input and output
//! types, and `call`. A worker process registers jobs in [`Jobs`] and [`serve`]s them;
//! the consumer connects a [`Nats`] engine and calls [`Nats::run`]`(job, inputs)`: the
//! job's value (the workers look it up by its [`Job::name`]) and any iterator of its
//! [`Job::Input`]s, where the in-process engines take `run(items, closure)`. It gets
//! back an ordinary iterator of the job's outputs.
//!
//! The `fanout worker` command (crate `fanout-cli`, installed with `cargo install --path
//! crates/fanout-cli`) serves the harness's workloads, as `fanout_harness::WorkloadJob`:
//! a consumer runs one with `let job = WorkloadJob::new("spin-1ms".parse()?)` and
//! `engine.run(job, (0..n).map(move |id| job.input(id)))`; `fanout-cli`'s
//! `examples/nats_consumer.rs` is a whole one.
//!
//! # Protocol
//! - Items travel in batches of consecutive items, one message each, to one work-queue
//!   stream, `FANOUT_WORK`, on `fanout.work.<run>`, with the job, the run, the first
//!   item's number and the count in headers, each item serialized with
//!   [postcard](https://docs.rs/postcard). Every worker pulls from its one durable
//!   consumer, `fanout-workers` (competing consumers): a worker joins or leaves at any
//!   time, and a batch not acknowledged within the ack wait goes to another worker.
//! - Each run creates its own results stream, `FANOUT_OUT_<run>`. A worker runs a
//!   batch's items in order, publishes their results there as one message (or several,
//!   where one would pass the server's `max_payload`, read from its INFO), waits for
//!   JetStream to acknowledge storing each, and only then acknowledges the batch: a
//!   result acknowledged is never lost, even across a server restart (both streams use
//!   file storage). An input or a result too large for any message fails its item with
//!   [`Error::TooLarge`], naming its size and the limit; the run ends there, as at a
//!   panic.
//! - Delivery is therefore at least once; the run drops any results for a batch it has
//!   already gathered, so the consumer sees exactly one result per item. That is also
//!   how a restart of the server is survived within seconds: on reconnecting, a run
//!   reads its results again from the first, and a worker's pull, which the server
//!   forgot, ends within two 1 s heartbeats and is made again.
//! - A run ends, or is dropped, by deleting every message left on its subject in the
//!   work stream (those not yet run, and those a server killed had removed in memory
//!   only) and deleting its results stream with its consumer: nothing is left on the
//!   server. A worker whose run has gone terminates the item.
//! - A worker that receives a job it does not serve answers with an error naming the
//!   job and the jobs it accepts ([`Error::Refused`]); a job's panic is caught and
//!   answered as a [`RemotePanic`]. Workers sharing a server should serve the same jobs.
//!
//! # A cluster that survives a server
//! Give every consumer and worker the URLs of several servers of a JetStream cluster,
//! separated by commas, and [`NatsOptions::replicas`] (`fanout worker --replicas 3`) to
//! the one that creates the work stream: each run's results stream takes the work
//! stream's count. With 3 replicas a run survives losing any one server, its streams'
//! leaders included: clients fail over to another server, workers pull again within
//! two 1 s heartbeats, and a run reads its results with pulls of the same heartbeat, so
//! that a results consumer lost with its server is made anew within seconds (tested
//! with the work stream's leader SIGKILLed mid-run, [`LocalCluster`]).
//!
//! # What a worker does with a message no run sent
//! The work stream is a trust boundary. A message that is not a run's batch (no job or
//! run header, a run id that is not one or not its subject's, a count its body does not
//! hold) is terminated and said once on stderr. A message whose header the client
//! cannot read (not UTF-8, a line without a colon, a status line) makes async-nats drop
//! the connection it arrived on, or take it for the server's own answer: workers
//! therefore pull on a connection of their own, acknowledge and publish results on
//! another, and after a failed pull read the messages delivered and not acknowledged
//! through the JetStream API, deleting those the client cannot read. A status the
//! client swallows silently (100, 408, 409) escapes that sweep: the consumer's
//! `max_deliver` ([`NatsOptions::max_deliver`]) still bounds its deliveries. The sure
//! defence is the server's: let only consumers publish on `fanout.work.>`.
//!
//! # Batches that size themselves
//! Every message costs the server, the worker and the consumer the same whatever it
//! carries, about 0.3 ms of CPU on a 2-core machine (`cargo run --release -p
//! fanout-benches --example nats_cost`), so a run sizes its batches as the in-process
//! `adaptive` engine does, with the same [`BatchSizer`](fanout_core::kit::BatchSizer):
//! the first message carries one item, and each result tells the consumer how long the
//! worker spent on its batch, from which the next batch is sized to carry about
//! [`Nats::target`] of work (default [`DEFAULT_TARGET`], 20 ms), at most
//! [`Nats::max_batch`] items (default [`DEFAULT_MAX_BATCH`]) and 64 KiB. Items that take
//! longer than the target travel one to a message, so no worker holds items another,
//! idle worker could run. A batch stops filling once pulling the input has taken the
//! target, so a slow input does not hold back items already pulled; an input that
//! knows its length (`size_hint`) gets smaller batches towards its end, so the workers
//! finish together. A batch takes about the target to run: keep the workers' ack wait
//! well above it.
//!
//! Measured with `cargo bench --bench distributed` (2 worker processes of one worker
//! and the server on one 2-core machine, 200 items of spin-1ms, efficiency against
//! `sequential`, medians of 3 runs minutes apart): 0.69 with one item to a message,
//! 0.79 at a 5 ms target, 0.83 at 10 ms, 0.90 at 20 ms, before the end-of-input
//! shrinking.
//!
//! # In-flight bound
//! A run holds at most [`Nats::in_flight_bound`] = `(workers + capacity) * max_batch`
//! items published and not yet yielded (gathered, and in [`Nats::run_ordered`] also in
//! input order): the consumer's `next()` pulls the input lazily and publishes a batch
//! only while fewer than `workers + capacity` are in flight. Across runs, the workers'
//! consumer's `max_ack_pending` ([`NatsOptions::max_ack_pending`], default 1024) bounds
//! the batches all workers hold unacknowledged; each worker process holds fewer than
//! `3 x workers` (its `workers` running and what it pulled ahead, so that the next
//! batch is there when one frees).
//!
//! # Runtime and errors
//! [`Nats`] and [`Worker`] each own a small tokio runtime (one thread for the client,
//! plus one per worker for jobs), so the caller needs none and may call them from
//! inside a runtime of its own. [`Nats::run`] panics at the consumer on failure, with
//! the [`Error`]'s text as the panic's message, so that a program that does not catch
//! it says why it stopped (a job's panic in a worker, an item that cannot be
//! serialized, a result that cannot be deserialized, a refused item, the server gone for
//! longer than [`NatsOptions::publish_patience`]); [`Nats::try_run`] gives the [`Error`]
//! as a value, a job's panic as [`Error::Panicked`] with its [`RemotePanic`]. An unreachable server fails [`Nats::connect`] within the
//! 2 s connection timeout.
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
//! let squares: Vec<u64> = engine.run_ordered(Square, 1..=5u64).collect();
//! assert_eq!(squares, [1, 4, 9, 16, 25]);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

mod accept;
mod answers;
mod driver;
mod engine;
mod error;
mod job;
mod jobs;
mod local_cluster;
mod local_server;
mod options;
mod raw;
mod results;
mod run;
mod runtime;
mod servers;
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
pub use wire::{WORK_STREAM, WORKERS_CONSUMER, results_stream, work_subject};
pub use worker::{Worker, serve, serve_with};
