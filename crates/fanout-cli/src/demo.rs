//! `fanout demo`: the seed's `RunFan` on any engine, printing the seed's own lines.

use std::num::NonZeroUsize;
use std::thread;
use std::time::{Duration, Instant};

use fanout_core::{FanConfig, FanOutFanIn, WorkItem, generate_work_items};
use rand::rngs::StdRng;
use rand::{RngExt, SeedableRng};

use fanout_harness::rows::{EngineVisitor, visit_engine};

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
        visit_engine(engine, self.clone()).is_some()
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
        let mut config = FanConfig::new(self.workers.get()).expect("workers is not zero");
        if let Some(capacity) = self.capacity {
            config = config.with_capacity(capacity);
        }
        let engine = E::new(config);
        let config = engine.config();
        output::line(format_args!(
            "== {}: {} items, {} workers, capacity {}, random state {}, time scale {} ==",
            E::NAME,
            self.items,
            config.workers,
            config.capacity,
            self.random_state,
            self.time_scale
        ));
        let started = Instant::now();
        let demo = self.clone();
        let results = engine.run(generate_work_items(self.items), move |worker, item| {
            thread::sleep(demo.processing_time(&item));
            let result = item.process(worker);
            output::line(format_args!("Worker {worker} processed item {}", item.id));
            result
        });
        let mut received = 0;
        for result in results {
            output::line(format_args!(
                "Processed: Item {} -> {} (by Worker {})",
                result.original_id, result.processed, result.worker_id
            ));
            received += 1;
        }
        output::line(format_args!(
            "{received} results in {:.0} ms\n",
            started.elapsed().as_secs_f64() * 1e3
        ));
    }
}
