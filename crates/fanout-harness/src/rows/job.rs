//! [`Job`]: the work a row runs on each item, in a blocking form and an async one.

use std::future::Future;

use fanout_core::{Work, WorkerId};

/// The work on each item in the two forms rows take it: blocking rows call
/// [`call`](Job::call) on their threads, async rows await [`call_async`](Job::call_async) on
/// their runtime. One workload then runs on every row, each in its own form: `sleep-<d>`
/// is a blocking sleep in both (inside a future on async rows, where it blocks the
/// runtime), `async-sleep-<d>` is a blocking sleep on threads and tokio's timer in futures.
pub trait Job<T, R>: Send + Sync + 'static {
    /// The blocking form: the calling thread does the work to the end.
    fn call(&self, worker: WorkerId, item: T) -> R;

    /// The async form: a future the row's runtime polls to the end.
    fn call_async(
        &self,
        worker: WorkerId,
        item: T,
    ) -> impl Future<Output = R> + Send + 'static + use<Self, T, R>;
}

/// `job`'s blocking form as the closure engines and threads take.
pub(crate) fn blocking<T, R>(job: impl Job<T, R>) -> impl Work<T, R> {
    move |worker, item| job.call(worker, item)
}
