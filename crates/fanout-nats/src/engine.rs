//! The consumer's side: [`Nats`], connected to a server, runs jobs on its workers.

use std::time::Duration;

use async_nats::jetstream;
use fanout_core::FanConfig;
use fanout_core::kit::BatchSizer;
use tokio::runtime::Runtime;
use tokio::sync::{mpsc, oneshot, watch};

use crate::driver::Driver;
use crate::exhausted;
use crate::job::check_job_name;
use crate::run::{Run, RunParts, Unwrapped};
use crate::runtime::{block_on, new_runtime};
use crate::streams::{results, work_stream};
use crate::wire::new_run_id;
use crate::{Error, Job, NatsOptions};

/// Fan-out/fan-in over a NATS JetStream work queue; see the [crate docs](crate).
pub struct Nats {
    /// Taken only by `drop`.
    runtime: Option<Runtime>,
    js: jetstream::Context,
    /// Changes on every reconnection: runs then read their results anew.
    connections: watch::Receiver<u64>,
    config: FanConfig,
    options: NatsOptions,
    /// The work stream's replica count, which each run's results stream takes.
    replicas: usize,
    max_batch: usize,
    target: Duration,
}

/// The default most items in one message.
pub const DEFAULT_MAX_BATCH: usize = 256;

/// The default remote work one message should carry.
pub const DEFAULT_TARGET: Duration = Duration::from_millis(20);

/// The largest maximum batch accepted; larger ones are taken as this.
pub const MAX_BATCH_LIMIT: usize = 1 << 16;

/// The longest target accepted; longer ones are taken as this (well inside the
/// workers' default ack wait of 30 s, which a batch must not outlast).
pub const MAX_TARGET: Duration = Duration::from_secs(1);

impl Nats {
    /// Connects to the server at `url` (`nats://host:4222`, `tls://…`, or several of a
    /// cluster separated by commas; see [`Nats::connect_with`] for authentication) and
    /// makes sure the work stream exists. An unreachable server fails within 2 s.
    pub fn connect(url: &str, config: FanConfig) -> Result<Nats, Error> {
        Nats::connect_with(url, config, NatsOptions::new())
    }

    /// [`Nats::connect`] with authentication, TLS and timings of your choosing.
    pub fn connect_with(url: &str, config: FanConfig, options: NatsOptions) -> Result<Nats, Error> {
        let runtime = new_runtime("fanout-nats", 1)?;
        let connecting = {
            let url = url.to_owned();
            let options = options.clone();
            async move {
                let (client, connections) = options.connect_watching(&url).await?;
                let js = jetstream::new(client);
                let (_stream, replicas) = work_stream(&js, &options).await?;
                Ok::<_, Error>((js, connections, replicas))
            }
        };
        let (js, connections, replicas) = block_on(runtime.handle(), connecting)?;
        Ok(Nats {
            runtime: Some(runtime),
            js,
            connections,
            config,
            options,
            replicas,
            max_batch: DEFAULT_MAX_BATCH,
            target: DEFAULT_TARGET,
        })
    }

    /// The same engine with messages of at most `max_batch` items, clamped to
    /// `1..=`[`MAX_BATCH_LIMIT`]; 1 sends every item on its own.
    pub fn with_max_batch(mut self, max_batch: usize) -> Nats {
        self.max_batch = max_batch.clamp(1, MAX_BATCH_LIMIT);
        self
    }

    /// The same engine with messages sized to carry about `target` of remote work,
    /// clamped to at most [`MAX_TARGET`]; zero makes every message one item.
    pub fn with_target(mut self, target: Duration) -> Nats {
        self.target = target.min(MAX_TARGET);
        self
    }

    /// The most items in one message.
    pub fn max_batch(&self) -> usize {
        self.max_batch
    }

    /// The remote work one message is sized to carry.
    pub fn target(&self) -> Duration {
        self.target
    }

    /// The most items a run holds published and not yet yielded to the consumer:
    /// `(workers + capacity) * max_batch` of its [`FanConfig`], a message per remote
    /// worker busy and `capacity` waiting for one, each of at most
    /// [`max_batch`](Nats::max_batch) items.
    pub fn in_flight_bound(&self) -> usize {
        self.batches_in_flight().saturating_mul(self.max_batch)
    }

    fn batches_in_flight(&self) -> usize {
        self.config
            .workers
            .get()
            .saturating_add(self.config.capacity)
    }

    /// Runs `job` on every item of `items` and yields the results as they complete (the
    /// contract's order, `run(items, work)`, with a [`Job`] for the closure): the
    /// workers run the job registered under `job`'s [`name`](Job::name), on each input
    /// serialized.
    ///
    /// # Panics
    /// At the consumer's `next()` when the run failed (the job panicked in a worker, a
    /// worker refused an item, the server was gone too long): an ordinary panic whose
    /// message is `fanout-nats: ` and the [`Error`]'s text, printed by the panic hook
    /// like any other. [`Nats::try_run`] gives the [`Error`] as a value instead.
    pub fn run<I, J>(&self, items: I, job: J) -> impl Iterator<Item = J::Output> + Send + '_
    where
        J: Job,
        I: IntoIterator<Item = J::Input>,
        I::IntoIter: Send + 'static,
    {
        Unwrapped(self.try_run(items, job).map_err(Some))
    }

    /// [`Nats::run`] with the results in input order.
    pub fn run_ordered<I, J>(&self, items: I, job: J) -> impl Iterator<Item = J::Output> + Send + '_
    where
        J: Job,
        I: IntoIterator<Item = J::Input>,
        I::IntoIter: Send + 'static,
    {
        Unwrapped(self.start(job, items, true).map_err(Some))
    }

    /// [`Nats::run`] with errors as values: setting up the run can fail, and then each
    /// item is `Ok(output)` or one final `Err` (a remote panic is [`Error::Panicked`]).
    pub fn try_run<I, J>(&self, items: I, job: J) -> Result<Run<'_, J, I::IntoIter>, Error>
    where
        J: Job,
        I: IntoIterator<Item = J::Input>,
        I::IntoIter: Send + 'static,
    {
        self.start(job, items, false)
    }

    /// [`Nats::try_run`] with the results in input order.
    pub fn try_run_ordered<I, J>(&self, items: I, job: J) -> Result<Run<'_, J, I::IntoIter>, Error>
    where
        J: Job,
        I: IntoIterator<Item = J::Input>,
        I::IntoIter: Send + 'static,
    {
        self.start(job, items, true)
    }

    fn handle(&self) -> &tokio::runtime::Handle {
        self.runtime
            .as_ref()
            .expect("the runtime is taken only by drop")
            .handle()
    }

    fn start<J, I>(&self, job: J, items: I, ordered: bool) -> Result<Run<'_, J, I::IntoIter>, Error>
    where
        J: Job,
        I: IntoIterator<Item = J::Input>,
    {
        let name = job.name().into_owned();
        check_job_name(&name)?;
        let run = new_run_id();
        let (results, exhausted) = {
            let (js, run, replicas) = (self.js.clone(), run.clone(), self.replicas);
            let patience = self.options.publish_patience_value();
            block_on(self.handle(), async move {
                let exhausted = exhausted::watch(&js.client()).await?;
                Ok::<_, Error>((results(&js, &run, replicas, patience).await?, exhausted))
            })?
        };
        let (to_driver, from_consumer) = mpsc::unbounded_channel();
        let (stop, stopped) = oneshot::channel();
        let (deliver, deliveries) = std::sync::mpsc::channel();
        let (finish, finished) = std::sync::mpsc::sync_channel(1);
        let driver = Driver {
            js: self.js.clone(),
            run,
            job: name,
            patience: self.options.publish_patience_value(),
            wait_notice: self.options.wait_notice_value(),
            results,
            exhausted,
            connections: {
                let mut connections = self.connections.clone();
                connections.mark_unchanged();
                connections
            },
            items: from_consumer,
            stop: stopped,
            deliveries: deliver,
            finished: finish,
        };
        self.handle().spawn(driver.drive());
        let parts = RunParts {
            to_driver,
            deliveries,
            stop,
            finished,
            bound: self.batches_in_flight(),
            sizer: BatchSizer::new(self.max_batch, self.target),
            ordered,
            max_payload: self.js.client().max_payload(),
        };
        Ok(Run::new(job, parts, items.into_iter()))
    }
}

impl Drop for Nats {
    fn drop(&mut self) {
        // Every run has ended (they borrow the engine) and removed itself from the
        // server; what is left is the client's connection task. Shutting down in the
        // background also works where the caller is inside a runtime of its own.
        if let Some(runtime) = self.runtime.take() {
            runtime.shutdown_background();
        }
    }
}
