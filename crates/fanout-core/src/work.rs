//! [`Work`], [`ScopedWork`] and [`AsyncWork`]: what a run calls on each item, named once.

use std::future::Future;

use crate::WorkerId;

/// The work a run does on each item: any `Fn(WorkerId, T) -> R` that can be shared by the
/// run's workers.
///
/// It is implemented for every such closure or function, so callers never name it; engines
/// write `F: Work<T, R>` instead of the whole bound.
///
/// ```
/// use fanout_core::{Work, WorkerId};
///
/// fn twice<F: Work<u32, u32>>(work: F) -> u32 {
///     work(1, 2) + work(2, 3)
/// }
/// assert_eq!(twice(|_worker: WorkerId, n| n * 10), 50);
/// ```
pub trait Work<T, R>: Fn(WorkerId, T) -> R + Send + Sync + 'static {}

impl<T, R, F> Work<T, R> for F where F: Fn(WorkerId, T) -> R + Send + Sync + 'static {}

/// [`Work`] for a scoped run ([`run_in`](crate::FanOutFanIn::run_in)): the same closure,
/// which may borrow anything that outlives the scope.
pub trait ScopedWork<'scope, T, R>: Fn(WorkerId, T) -> R + Send + Sync + 'scope {}

impl<'scope, T, R, F> ScopedWork<'scope, T, R> for F where
    F: Fn(WorkerId, T) -> R + Send + Sync + 'scope
{
}

/// The work an async run does on each item: any `Fn(WorkerId, T)` returning a future of
/// `R`, shared by the run's tasks; [`Work`]'s twin for
/// [`AsyncFanOutFanIn`](crate::AsyncFanOutFanIn).
///
/// It is implemented for every such closure or function, so callers never name it; engines
/// write `F: AsyncWork<T, R>` and name the future `F::Future`.
///
/// ```
/// use fanout_core::{AsyncWork, WorkerId};
///
/// async fn twice<F: AsyncWork<u32, u32>>(work: F) -> u32 {
///     work(1, 2).await + work(2, 3).await
/// }
/// let total = twice(|_worker: WorkerId, n| async move { n * 10 });
/// # let _ = total;
/// ```
pub trait AsyncWork<T, R>:
    Fn(WorkerId, T) -> <Self as AsyncWork<T, R>>::Future + Send + Sync + 'static
{
    /// The future one call returns.
    type Future: Future<Output = R> + Send + 'static;
}

impl<T, R, F, Fut> AsyncWork<T, R> for F
where
    F: Fn(WorkerId, T) -> Fut + Send + Sync + 'static,
    Fut: Future<Output = R> + Send + 'static,
{
    type Future = Fut;
}
