//! [`Work`]: what a run calls on each item, named once.

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
