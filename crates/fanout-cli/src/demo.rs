//! `fanout demo`: the seed's `RunFan` on any engine, printing the seed's own lines. On a
//! blocking engine each item's work sleeps its thread; on an async engine it sleeps on
//! tokio's timer, in a future, on a runtime the demo starts.

use std::num::NonZeroUsize;
use std::pin::pin;
use std::thread;
use std::time::{Duration, Instant};

use fanout_core::{
    AsyncFanOutFanIn, FanConfig, FanOutFanIn, WorkItem, WorkResult, generate_work_items,
};
use futures_util::{StreamExt, stream};
use rand::rngs::StdRng;
use rand::{RngExt, SeedableRng};

use fanout_harness::rows::{AsyncEngineVisitor, EngineVisitor, visit_async_engine, visit_engine};

use crate::output;

/// One demo run's settings, as given on the command line.
#[derive(Clone, Debug)]
pub(crate) struct Demo {
    pub(crate) items: usize,
    pub(crate) workers: NonZeroUsize,
    pub(crate) capacity: Option<usize>,
    /// Replays the same simulated work times: each item's time is drawn from it.
    pub(crate) random_state: u64,
    pub(crate) time_scale: f64,
}

impl Demo {
    /// Runs the demo on the engine named `engine`; `false` if there is none of that name.
    pub(crate) fn run_on(&self, engine: &str) -> bool {
        visit_engine(engine, self.clone())
            .or_else(|| visit_async_engine(engine, self.clone()))
            .is_some()
    }

    /// The shape asked for.
    fn config(&self) -> FanConfig {
        let config = FanConfig::new(self.workers.get()).expect("workers is not zero");
        match self.capacity {
            Some(capacity) => config.with_capacity(capacity),
            None => config,
        }
    }

    /// The line that opens a run on `engine`, with the shape it was made with.
    fn header(&self, engine: &str, config: &FanConfig) {
        output::line(format_args!(
            "== {engine}: {} items, {} workers, capacity {}, random state {}, time scale {} ==",
            self.items, config.workers, config.capacity, self.random_state, self.time_scale
        ));
    }

    /// The seed's lines for one item after its simulated work: the worker's, and the
    /// result it hands on.
    fn process(worker: usize, item: &WorkItem) -> WorkResult {
        let result = item.process(worker);
        output::line(format_args!("Worker {worker} processed item {}", item.id));
        result
    }

    /// The consumer's line for one result.
    fn received(result: &WorkResult) {
        output::line(format_args!(
            "Processed: Item {} -> {} (by Worker {})",
            result.original_id, result.processed, result.worker_id
        ));
    }

    /// The line that closes a run.
    fn footer(received: usize, started: Instant) {
        output::line(format_args!(
            "{received} results in {:.0} ms\n",
            started.elapsed().as_secs_f64() * 1e3
        ));
    }

    /// The seed's simulated processing time for one item: 100 to 300 ms, scaled. It is
    /// drawn from the random state and the item's id, so a run is reproducible whichever
    /// worker takes which item.
    fn processing_time(&self, item: &WorkItem) -> Duration {
        let mut rng =
            StdRng::seed_from_u64(self.random_state ^ item.id.wrapping_mul(0x9E37_79B9_7F4A_7C15));
        let millis: u64 = rng.random_range(100..300);
        Duration::from_millis(millis).mul_f64(self.time_scale)
    }
}

impl EngineVisitor for Demo {
    type Output = ();

    fn visit<E: FanOutFanIn + 'static>(self) {
        let engine = E::new(self.config());
        self.header(E::NAME, engine.config());
        let started = Instant::now();
        let demo = self.clone();
        let results = engine.run(generate_work_items(self.items), move |worker, item| {
            thread::sleep(demo.processing_time(&item));
            Demo::process(worker, &item)
        });
        let mut received = 0;
        for result in results {
            Demo::received(&result);
            received += 1;
        }
        Demo::footer(received, started);
    }
}

impl AsyncEngineVisitor for Demo {
    type Output = ();

    fn visit<E: AsyncFanOutFanIn + 'static>(self) {
        let engine = E::new(self.config());
        self.header(E::NAME, engine.config());
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .enable_all()
            .build()
            .unwrap_or_else(|error| panic!("could not start a tokio runtime: {error}"));
        let started = Instant::now();
        let demo = self.clone();
        let received = runtime.block_on(async move {
            let items = stream::iter(generate_work_items(self.items));
            let results = engine.run(items, move |worker, item| {
                let wait = demo.processing_time(&item);
                async move {
                    tokio::time::sleep(wait).await;
                    Demo::process(worker, &item)
                }
            });
            let mut results = pin!(results);
            let mut received = 0;
            while let Some(result) = results.next().await {
                Demo::received(&result);
                received += 1;
            }
            received
        });
        Demo::footer(received, started);
    }
}
