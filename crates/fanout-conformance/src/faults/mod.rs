//! Fault injection: the contract under the faults a real run meets, one generic test each,
//! every one of them also checking that the run leaves no thread or task behind.

mod consumers;
mod nested;
mod panicking_drops;
mod panicking_input;
mod panics_in_work;
mod slow_call;
mod too_many_workers;

pub use consumers::{consumer_on_another_thread, eight_threads_share_one_engine};
pub use nested::nested_fan_out;
pub use panicking_drops::panicking_drops;
pub use panicking_input::panicking_input;
pub use panics_in_work::panics_in_work;
pub use slow_call::slow_call_at_drop;
pub use too_many_workers::too_many_workers;

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::Arc;

use fanout_core::kit::PanicPayload;
use fanout_core::{Work, WorkerId};

use crate::probe::{Probe, Tracked};

/// The probed input `0..items` as tracked values.
fn tracked_input(probe: &Arc<Probe>, items: u64) -> impl Iterator<Item = Tracked> + Send + 'static {
    let maker = Arc::clone(probe);
    probe.input((0..items).map(move |id| maker.tracked(id)))
}

/// Probed `work` that answers each tracked item with a tracked result of the same id,
/// after `before_result(worker, id)` (where a fault can strike).
fn tracked_work(
    probe: &Arc<Probe>,
    before_result: impl Fn(WorkerId, u64) + Send + Sync + 'static,
) -> impl Work<Tracked, Tracked> {
    let maker = Arc::clone(probe);
    probe.work(move |worker, item: Tracked| {
        before_result(worker, item.id);
        maker.tracked(item.id)
    })
}

/// Consumes `results` to the end or to a panic: the ids received, and the panic.
fn consume(results: impl Iterator<Item = Tracked>) -> (Vec<u64>, Option<PanicPayload>) {
    let mut ids = Vec::new();
    let outcome = catch_unwind(AssertUnwindSafe(|| {
        for result in results {
            ids.push(result.id);
        }
    }));
    (ids, outcome.err())
}
