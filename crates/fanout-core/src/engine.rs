//! The contract: [`FanOutFanIn`], and the seed's whole job on any engine, [`fan_out_fan_in`].

use std::thread::Scope;

use crate::{FanConfig, ScopedWork, StartError, Work, WorkItem, WorkResult};

/// A fan-out/fan-in engine: spreads items over `workers` workers and gathers their results.
///
/// Every engine guarantees, and `fanout-conformance` checks:
/// - **exactly once**: one result per input item, none lost, none duplicated, then `None`;
/// - **streaming**: the input is pulled as workers free up, never collected first;
/// - **bounded**: items pulled from the input whose results the consumer has not yet
///   received never exceed [`in_flight_bound`](FanOutFanIn::in_flight_bound);
/// - **workers**: every `worker_id` is in `1..=workers`, at most `workers` calls of `work`
///   run at once, and `workers` calls can run at once whatever the input, so calls that
///   wait for one another complete; while the consumer is away from `next()`,
///   [`workers_while_away`](FanOutFanIn::workers_while_away) of them can;
/// - **early drop**: dropping the iterator stops pulling input, lets the calls in flight
///   finish, and returns once every thread or task of the run has stopped; it starts no new
///   call meanwhile, beyond one per worker that had just passed its check of the stop flag;
/// - **panics**: a panic in `work` or in the input resumes, with the same payload, at the
///   consumer's next `next()`, after the run's workers have stopped; so does a panic in the
///   `Drop` of a value the run holds (an item, a result, the input), while the consumer is
///   there to receive it, and once it has gone such a panic is swallowed, never thrown from
///   `drop`;
/// - **no leaks**: every item and result is dropped exactly once, however the run ends.
///
/// Where the contract had to decide: more workers than the OS will start is a panic at the
/// consumer naming the cause, with no thread of the run left behind; and a fan-out nested
/// in `work` needs another engine, since on the same `tokio` or `rayon` engine the inner
/// run waits for threads the outer run holds, and can deadlock.
pub trait FanOutFanIn: Sized + Send + Sync {
    /// Short stable name used in test names, bench ids and charts: "std-mpsc",
    /// "seed-layout", "crossbeam", "flume", "tokio", "rayon", "adaptive".
    const NAME: &'static str;

    /// An engine of the given shape. Pools and runtimes, where the engine has one, start here.
    ///
    /// # Panics
    /// Engines that keep threads (`tokio`, `rayon`, `adaptive`) panic when the OS refuses
    /// one; [`try_new`](FanOutFanIn::try_new) returns that error instead.
    fn new(config: FanConfig) -> Self;

    /// An engine of the given shape, or why it could not start. Engines that start their
    /// threads at each run cannot fail here (the default, `Ok(new(config))`); those that
    /// keep threads return the OS's refusal as a [`StartError`].
    fn try_new(config: FanConfig) -> Result<Self, StartError> {
        Ok(Self::new(config))
    }

    /// The shape this engine was made with.
    fn config(&self) -> &FanConfig;

    /// Most items ever pulled from the input whose results the consumer has not yet received.
    ///
    /// It depends on `workers` and `capacity` only, never on the input's length.
    fn in_flight_bound(&self) -> usize;

    /// How many calls of `work` can run while the consumer is away from `next()`: all
    /// `workers`, unless the consumer's thread is one of the workers, as `adaptive`'s is.
    fn workers_while_away(&self) -> usize {
        self.config().workers.get()
    }

    /// Fans `items` out over the workers running `work`, and fans the results back in,
    /// in the order they complete.
    fn run<I, T, R, F>(&self, items: I, work: F) -> impl Iterator<Item = R> + Send
    where
        I: IntoIterator<Item = T>,
        I::IntoIter: Send + 'static,
        T: Send + 'static,
        R: Send + 'static,
        F: Work<T, R>;

    /// Like [`run`](FanOutFanIn::run), but yields the results in input order.
    ///
    /// Written once for every engine on top of `run`: items are numbered on the way in and
    /// reordered on the way out, and a gate on the input keeps the reorder buffer inside
    /// [`in_flight_bound`](FanOutFanIn::in_flight_bound) even when the head item is slow.
    fn run_ordered<I, T, R, F>(&self, items: I, work: F) -> impl Iterator<Item = R> + Send
    where
        I: IntoIterator<Item = T>,
        I::IntoIter: Send + 'static,
        T: Send + 'static,
        R: Send + 'static,
        F: Work<T, R>,
    {
        crate::ordered::run_ordered(self, items, work)
    }

    /// [`run`](FanOutFanIn::run) inside a `std::thread::scope`: the items, `work` and the
    /// results may borrow anything that outlives the scope, and the run's threads are
    /// scoped threads, so none outlives it. Every guarantee of the contract holds.
    ///
    /// ```
    /// use std::collections::HashMap;
    /// use fanout_core::{FanConfig, FanOutFanIn};
    /// # fn main() -> Result<(), fanout_core::ConfigError> {
    /// let engine = fanout_crossbeam::Crossbeam::new(FanConfig::new(2)?);
    /// let words = vec![String::from("fan"), String::from("out")];
    /// let counts = HashMap::from([("fan", 2), ("out", 1)]);
    /// let total: usize = std::thread::scope(|scope| {
    ///     engine.run_in(scope, &words, |_worker, word| counts[word.as_str()]).sum()
    /// });
    /// assert_eq!(total, 3);
    /// # Ok(()) }
    /// ```
    ///
    /// Engines that start their threads at each run (`std-mpsc`, `seed-layout`,
    /// `crossbeam`, `flume`) run their own algorithm on the scope's threads, and so does
    /// `adaptive`, on threads started for the run. Kept threads cannot take borrowed work
    /// without `unsafe`, so the default, which `tokio` and `rayon` use, runs the items on
    /// `workers` scoped threads that pull the input in turn and send results over std's
    /// `sync_channel(capacity)`, within `workers + capacity` items in flight. What each
    /// costs against `run`: `cargo bench --bench scoped`.
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
        crate::kit::run_on_scoped_threads(Self::NAME, self.config(), scope, items, work)
    }

    /// Like [`run_in`](FanOutFanIn::run_in), but yields the results in input order, as
    /// [`run_ordered`](FanOutFanIn::run_ordered) does.
    fn run_ordered_in<'scope, 'env, I, T, R, F>(
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
        crate::ordered::run_ordered_in(self, scope, items, work)
    }
}

/// The seed's whole job (`RunFan`) on any engine: [`WorkItem::process`] on each item,
/// results out as they complete.
///
/// ```
/// use fanout_core::{fan_out_fan_in, generate_work_items, FanConfig, FanOutFanIn};
/// # fn demo<E: FanOutFanIn>() {
/// let engine = E::new(FanConfig::new(4).unwrap());
/// let results: Vec<_> = fan_out_fan_in(&engine, generate_work_items(20)).collect();
/// assert_eq!(results.len(), 20);
/// # }
/// ```
pub fn fan_out_fan_in<E, I>(engine: &E, items: I) -> impl Iterator<Item = WorkResult> + Send
where
    E: FanOutFanIn,
    I: IntoIterator<Item = WorkItem>,
    I::IntoIter: Send + 'static,
{
    engine.run(items, |worker, item: WorkItem| item.process(worker))
}
