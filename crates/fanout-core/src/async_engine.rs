//! The async contract: [`AsyncFanOutFanIn`], for work that is a future.

use futures_core::Stream;

use crate::{AsyncWork, FanConfig};

/// A fan-out/fan-in engine for async work: pulls items from a [`Stream`], keeps at most
/// `workers` work futures in progress at once, and yields their results as a `Stream`.
///
/// It is [`FanOutFanIn`](crate::FanOutFanIn) with futures in place of threads: `work`
/// returns a future, `workers` counts the futures in progress rather than threads, and
/// the run lives on the async runtime of the caller of `run`. Every engine guarantees, and
/// `fanout-conformance`'s async suite checks:
/// - **exactly once**: one result per input item, none lost, none duplicated, then `None`
///   for good;
/// - **streaming**: the input stream is polled only as workers free up, never drained
///   first;
/// - **bounded**: items taken from the input whose results the consumer has not yet
///   received never exceed [`in_flight_bound`](AsyncFanOutFanIn::in_flight_bound);
/// - **workers**: at most `workers` work futures are in progress at once (from the call of
///   `work` to the future's completion or drop), each called with an id in `1..=workers`
///   that no other future in progress holds; when work waits, all `workers` of them are in
///   progress together;
/// - **cancellation**: dropping the output stream cancels the run: once the drop has
///   returned no work future and no input is polled again, and every task of the run has
///   ended soon after;
/// - **panics**: a panic in `work` (in the call or in a poll of its future) or in the input
///   stream resumes, with the same payload, when the consumer polls the output stream;
///   the run is cancelled then, and the stream ends after it;
/// - **no leaks**: every item and result is dropped exactly once, however the run ends;
/// - **runtimes**: the run works on a current-thread tokio runtime and on a multi-thread
///   one. Its tasks, where it has any, run on the runtime the caller of `run` is in, never
///   on a runtime the engine hides.
pub trait AsyncFanOutFanIn: Sized + Send + Sync {
    /// Short stable name used in test names, bench ids and charts: "tokio-tasks",
    /// "joinset", "buffer-unordered".
    const NAME: &'static str;

    /// An engine of the given shape.
    fn new(config: FanConfig) -> Self;

    /// The shape this engine was made with.
    fn config(&self) -> &FanConfig;

    /// Most items ever taken from the input whose results the consumer has not yet
    /// received.
    ///
    /// It depends on `workers` and `capacity` only, never on the input's length.
    fn in_flight_bound(&self) -> usize;

    /// Fans `items` out to at most `workers` futures of `work` in progress at once, and fans
    /// the results back in, in the order they complete.
    fn run<S, T, R, F>(&self, items: S, work: F) -> impl Stream<Item = R> + Send + 'static
    where
        S: Stream<Item = T> + Send + 'static,
        T: Send + 'static,
        R: Send + 'static,
        F: AsyncWork<T, R>;

    /// Like [`run`](AsyncFanOutFanIn::run), but yields the results in input order.
    ///
    /// Written once for every engine on top of `run`: items are numbered on the way in and
    /// reordered on the way out, and a gate on the input stream stops pulling while the
    /// reorder buffer is full, which keeps it inside
    /// [`in_flight_bound`](AsyncFanOutFanIn::in_flight_bound) even when the head item is
    /// slow.
    fn run_ordered<S, T, R, F>(&self, items: S, work: F) -> impl Stream<Item = R> + Send + 'static
    where
        S: Stream<Item = T> + Send + 'static,
        T: Send + 'static,
        R: Send + 'static,
        F: AsyncWork<T, R>,
    {
        crate::async_ordered::run_ordered(self, items, work)
    }
}
