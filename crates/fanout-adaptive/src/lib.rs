//! Fan-out/fan-in in batches that size themselves during the run: the [`Adaptive`] engine.
//!
//! # Strategy
//! The consumer's thread works too, as the calling thread does in rayon's `join` and in
//! Java's ForkJoinPool. The engine keeps `workers - 1` threads that work (ids
//! `1..workers`), started by [`Adaptive::new`] and ended when the engine is dropped; the
//! consumer is worker `workers`, and a `next()` that finds no result ready runs an item
//! itself instead of sleeping. At one worker there is no thread at all: a run is a loop in
//! `next()`.
//!
//! A thread pulls a batch of items from the input under a lock (one lock per batch) into a
//! work-stealing deque of its own, works through it from the front and sends the batch's
//! results to the consumer as one `Vec`. Idle participants steal unstarted items from the
//! front of a busy one's deque, so no item waits behind a slow call while a worker is idle,
//! and calls that wait for one another all find a worker (the consumer leaves items that
//! cost under 250 ns to their owner until its last look before it sleeps: stealing them
//! costs more than running them). Batches start at two items (one
//! to work on, one for a thief) and then carry about [`target`](Adaptive::target) of work
//! at the cost per item measured, at most [`max_batch`](Adaptive::max_batch).
//!
//! The consumer never pulls from the input itself: an input that waits for the consumer's
//! next result (a crawler fed by its results) would then wait for ever. When every thread
//! is stuck in a call, a feeder thread, which never calls `work`, pulls for it.
//!
//! The run ends once the input has ended and every item pulled has been handed out.
//! Dropping the iterator stops it: no item is pulled or started after, the threads finish
//! their calls and the drop waits for them. A panic in `work` or the input stops the run
//! and resumes at the consumer's `next()`.
//!
//! # In-flight bound
//! `(workers + capacity + 1) * max_batch`, kept where items are pulled: a thread pulls only
//! while the items pulled whose results the consumer has not handed out stay within it.
//!
//! # What it costs
//! A call the consumer runs delays the results queued behind it by that call's length;
//! while the consumer is away from `next()`, `workers - 1` calls run. At one worker an input
//! that waits for the consumer's next result waits for ever, as in a sequential loop. While
//! the workers fit the cores, a kept thread spins for 100 µs after a run, as rayon's do, so
//! that the next run starts without a wake-up; past the cores nothing spins. A scoped run
//! ([`run_in`](FanOutFanIn::run_in)) starts its `workers - 1` threads in the caller's
//! scope, since kept threads cannot take borrowed work: about 0.1 ms a run on 2 cores
//! (`cargo bench --bench scoped`). The measurements behind each choice: `results/NOTES.md`.
//!
//! # Configuration
//! [`Adaptive::new`] takes the defaults, [`DEFAULT_MAX_BATCH`] and [`DEFAULT_TARGET`];
//! [`with_max_batch`](Adaptive::with_max_batch) and [`with_target`](Adaptive::with_target)
//! change them, clamping out-of-range values (a maximum of 0 is 1, a target above
//! [`MAX_TARGET`] is that limit).
//!
//! # Example
//! ```
//! use std::time::Duration;
//!
//! use fanout_adaptive::Adaptive;
//! use fanout_core::{FanConfig, FanOutFanIn};
//!
//! let engine = Adaptive::new(FanConfig::new(4)?.with_capacity(16))
//!     .with_max_batch(128)
//!     .with_target(Duration::from_micros(20));
//! assert_eq!(engine.in_flight_bound(), (4 + 16 + 1) * 128);
//! let total: u64 = engine.run(1..=100_000u64, |_worker, n| n * 2).sum();
//! assert_eq!(total, 100_000 * 100_001);
//! # Ok::<(), fanout_core::ConfigError>(())
//! ```

mod consumer;
mod deque;
mod feeder;
mod flaw;
mod hub;
#[cfg(all(test, loom))]
mod loom_models;
mod pool;
mod source;
mod worker;

use std::thread::Scope;
use std::time::Duration;

use fanout_core::kit::{BatchSizer, GuardedInput, RunControl, RunResults};
use fanout_core::sync::{Arc, AtomicBool};
use fanout_core::{FanConfig, FanOutFanIn, ScopedWork, StartError, Work, WorkerId};

use crate::consumer::{Consumer, Feeder};
use crate::deque::Deque;
use crate::hub::Hub;
use crate::pool::{Body, Pool, RunThreads, SharedThreads};
use crate::source::Source;
use crate::worker::{Run, worker_loop};
/// The default most items in one batch.
pub const DEFAULT_MAX_BATCH: usize = 1024;

/// The default work one batch should carry.
pub const DEFAULT_TARGET: Duration = Duration::from_micros(100);

/// The largest maximum batch accepted; larger ones are taken as this.
pub const MAX_BATCH_LIMIT: usize = 1 << 16;

/// The longest target accepted; longer ones are taken as this.
pub const MAX_TARGET: Duration = Duration::from_secs(1);

/// Fan-out/fan-in in batches sized during the run by the work they carry; see the
/// [crate docs](crate) for its strategy and in-flight bound.
#[derive(Clone, Debug)]
pub struct Adaptive {
    config: FanConfig,
    max_batch: usize,
    target: Duration,
    /// The worker threads kept between runs, shared by the engine's clones.
    pool: Arc<Pool>,
}

impl Adaptive {
    /// The same engine with batches of at most `max_batch` items, clamped to
    /// `1..=`[`MAX_BATCH_LIMIT`].
    pub fn with_max_batch(self, max_batch: usize) -> Adaptive {
        Adaptive {
            max_batch: max_batch.clamp(1, MAX_BATCH_LIMIT),
            ..self
        }
    }

    /// The same engine with batches sized to carry about `target` of pulling and work,
    /// clamped to at most [`MAX_TARGET`]; zero makes every batch one item.
    pub fn with_target(self, target: Duration) -> Adaptive {
        Adaptive {
            target: target.min(MAX_TARGET),
            ..self
        }
    }

    /// The most items in one batch.
    pub fn max_batch(&self) -> usize {
        self.max_batch
    }

    /// The work one batch should carry.
    pub fn target(&self) -> Duration {
        self.target
    }
}

impl FanOutFanIn for Adaptive {
    const NAME: &'static str = "adaptive";

    /// # Panics
    /// When the OS refuses to start the engine's threads; see [`Adaptive::try_new`].
    fn new(config: FanConfig) -> Self {
        Self::try_new(config).unwrap_or_else(|error| panic!("{error}"))
    }

    /// The engine, or the OS's refusal of one of the threads it keeps (those started
    /// before it are ended).
    fn try_new(config: FanConfig) -> Result<Self, StartError> {
        let workers = config.workers.get();
        let pool = Pool::start(Self::NAME, kept_threads(workers), spins(workers))?;
        Ok(Adaptive {
            pool: Arc::new(pool),
            config,
            max_batch: DEFAULT_MAX_BATCH,
            target: DEFAULT_TARGET,
        })
    }

    fn config(&self) -> &FanConfig {
        &self.config
    }

    fn in_flight_bound(&self) -> usize {
        let FanConfig {
            workers, capacity, ..
        } = self.config;
        workers
            .get()
            .saturating_add(capacity)
            .saturating_add(1)
            .saturating_mul(self.max_batch)
    }

    /// One fewer than `workers`: the consumer's thread is worker `workers`.
    fn workers_while_away(&self) -> usize {
        self.config.workers.get() - 1
    }

    fn run<I, T, R, F>(&self, items: I, work: F) -> impl Iterator<Item = R> + Send
    where
        I: IntoIterator<Item = T>,
        I::IntoIter: Send + 'static,
        T: Send + 'static,
        R: Send + 'static,
        F: Work<T, R>,
    {
        let control = RunControl::new();
        let threads = RunThreads::new(&self.pool, &control);
        self.start(control, threads, items, work)
    }

    /// Runs the same algorithm on `workers - 1` threads started in `scope` for the run
    /// (the kept threads cannot take work that borrows), the consumer working as ever.
    fn run_in<'scope, 'env, I, T, R, F>(
        &self,
        scope: &'scope Scope<'scope, 'env>,
        items: I,
        work: F,
    ) -> impl Iterator<Item = R> + Send
    where
        I: IntoIterator<Item = T>,
        I::IntoIter: Send + 'scope,
        T: Send + 'scope,
        R: Send + 'scope,
        F: ScopedWork<'scope, T, R>,
    {
        let control = RunControl::new();
        let threads = RunThreads::scoped(Self::NAME, &control, scope);
        self.start(control, threads, items, work)
    }
}

impl Adaptive {
    /// Starts a run on `threads`: the kept ones, or ones started for the run.
    fn start<'scope, I, T, R, F>(
        &self,
        control: Arc<RunControl>,
        // Made before the hub, so that if starting a thread fails the hub closes before
        // the threads already started are waited for.
        mut threads: RunThreads<'scope>,
        items: I,
        work: F,
    ) -> impl Iterator<Item = R> + Send + use<'scope, I, T, R, F>
    where
        I: IntoIterator<Item = T>,
        I::IntoIter: Send + 'scope,
        T: Send + 'scope,
        R: Send + 'scope,
        F: ScopedWork<'scope, T, R>,
    {
        let workers = self.config.workers.get();
        let input = GuardedInput::new(items.into_iter(), Arc::clone(&control));
        if workers == 1 {
            let mut alone = Alone {
                input,
                work,
                control: Arc::clone(&control),
            };
            return Results::Alone(RunResults::new(control, threads, move || alone.next()));
        }

        // One deque per participant: the threads in worker order, the consumer's, and the
        // feeder's last.
        let deques: Vec<Deque<T>> = (0..=workers).map(|_| Deque::new()).collect();
        let run = Arc::new(Run {
            source: Source::new(input, self.in_flight_bound()),
            hub: Hub::new(),
            thieves: deques.iter().map(Deque::thief).collect(),
            work,
            control: Arc::clone(&control),
            target: self.target,
            spin: self.pool.spins(),
            cheap_items: AtomicBool::new(false),
        });
        let mut deques = deques.into_iter();
        let bodies = (1..workers)
            .map(|worker| {
                let own = deques.next().expect("a deque for each worker");
                let run = Arc::clone(&run);
                let sizer = BatchSizer::new(self.max_batch, self.target);
                let body: Body<'scope> = Box::new(move || worker_loop(worker, &run, own, sizer));
                (worker, body)
            })
            .collect();
        threads.start_each(bodies);
        let own = deques.next().expect("a deque for the consumer");
        let threads = SharedThreads::new(threads);
        let feeder = Feeder {
            threads: threads.clone(),
            worker: workers,
            own: deques.next().expect("a deque for the feeder"),
        };
        let mut consumer = Consumer::new(run, own, workers, self.max_batch, feeder);
        Results::Shared(RunResults::new(control, threads, move || consumer.next()))
    }
}

/// The threads an engine of `workers` keeps: none at one worker, else `workers - 1` that
/// work and the feeder, which pulls for the consumer when they are all busy.
fn kept_threads(workers: usize) -> usize {
    if workers == 1 { 0 } else { workers }
}

/// Whether a run of `workers` spins before it sleeps: only while each participant can have
/// a core of its own. With more, a spinner holds a core that a thread whose call has just
/// returned waits for, a scheduler's time slice at worst.
fn spins(workers: usize) -> bool {
    std::thread::available_parallelism().is_ok_and(|cores| workers <= cores.get())
}

/// A run at one worker: the work in the consumer's `next()`, one item at a time.
struct Alone<I, F> {
    input: GuardedInput<I>,
    work: F,
    control: Arc<RunControl>,
}

impl<I: Iterator, F, R> Alone<I, F>
where
    F: Fn(WorkerId, I::Item) -> R,
{
    #[inline]
    fn next(&mut self) -> Option<R> {
        let item = self.input.next_unwatched()?;
        self.control.call(|| (self.work)(1, item))
    }
}

/// The results of a run, alone or shared with threads.
enum Results<A, B> {
    Alone(A),
    Shared(B),
}

impl<R, A, B> Iterator for Results<A, B>
where
    A: Iterator<Item = R>,
    B: Iterator<Item = R>,
{
    type Item = R;

    #[inline]
    fn next(&mut self) -> Option<R> {
        match self {
            Results::Alone(results) => results.next(),
            Results::Shared(results) => results.next(),
        }
    }

    /// The variant chosen once, not at every result.
    #[inline]
    fn fold<Acc, G>(self, init: Acc, f: G) -> Acc
    where
        G: FnMut(Acc, R) -> Acc,
    {
        match self {
            Results::Alone(results) => results.fold(init, f),
            Results::Shared(results) => results.fold(init, f),
        }
    }
}
