//! [`feeder_loop`]: the body of the engine's one thread that never works: it pulls a batch
//! from the input when the consumer asks, for the consumer to steal from.
//!
//! The consumer runs items only when no result is ready, and finds them by stealing; when
//! every thread is busy (in a slow call, or in calls waiting for one another) there is
//! nothing to steal and someone must pull. The consumer does not pull itself: an input
//! that waits for the consumer's next result (a crawler whose input is fed from its
//! results) would then wait for ever. The feeder waits in its place.

use fanout_core::WorkerId;

use crate::deque::{Deque, drop_each};
use crate::worker::Run;

/// Sleeps until the consumer asks for items, then pulls them into `own` and says so, until
/// the run stops. Its id is only its thread's name: it never calls
/// `work`.
pub(crate) fn feeder_loop<I, F, R>(run: &Run<I, F, R>, own: Deque<I::Item>)
where
    I: Iterator,
    F: Fn(WorkerId, I::Item) -> R,
{
    loop {
        if run.control.is_stopped() {
            break;
        }
        let seen = run.hub.mark();
        let Some(size) = run.hub.take_pull_request() else {
            run.hub.thread_sleep(seen, false);
            continue;
        };
        run.source.pull(&own, size, run.hub.received(), run.target);
        // Announced even when nothing came: the consumer waits for the answer.
        run.hub.announce();
    }
    run.hub.wake_all();
    drop_each(&run.control, &own);
    drop(own);
}
