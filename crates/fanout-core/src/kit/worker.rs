//! [`work_loop`]: the body of a worker thread, the same for every engine built on threads.

use super::RunControl;
use crate::WorkerId;

/// Takes `jobs` until they end or the run stops, runs `work` on each, and hands every
/// result to `deliver`, stopping when `deliver` returns `false` (the consumer has gone).
///
/// A panic in `work` is recorded in `control` (which stops the run) and ends the loop; the
/// item it was working on is dropped by the unwinding, once.
pub fn work_loop<T, R>(
    worker: WorkerId,
    jobs: impl IntoIterator<Item = T>,
    work: &(impl Fn(WorkerId, T) -> R + ?Sized),
    control: &RunControl,
    mut deliver: impl FnMut(R) -> bool,
) {
    for job in jobs {
        if control.is_stopped() {
            break;
        }
        let Some(result) = control.call(|| work(worker, job)) else {
            break;
        };
        if !deliver(result) {
            break;
        }
    }
}
