//! One generic check per guarantee of the contract, and what they share.

mod bounded;
mod early_drop;
mod edges;
mod exactly_once;
mod no_leaks;
mod ordered;
mod panics;
mod scoped;
mod sharing;
mod streaming;
mod waiting_calls;
mod workers;

pub use bounded::bounded;
pub use early_drop::early_drop;
pub use edges::edges;
pub use exactly_once::exactly_once;
pub use no_leaks::no_leaks;
pub use ordered::ordered;
pub use panics::panics;
pub use scoped::scoped;
pub use sharing::sharing;
pub use streaming::streaming;
pub use waiting_calls::{calls_that_wait, slow_call};
pub use workers::workers;

pub(crate) use panics::panics_on;

use std::ops::RangeInclusive;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::thread;
use std::time::Duration;

use fanout_core::WorkerId;

use crate::probe::{Boom, Echo, Probe};
use crate::watchdog::{Check, panic_message};

/// How long a check waits for something a correct engine does at once (a barrier to fill,
/// a first result to come) before it calls that a failure. Far under the watchdog's limit,
/// so that such a failure is reported as what it is, not as a hang.
pub(crate) const PATIENCE: Duration = Duration::from_secs(5);

/// The checks' usual `work`: which item, by which worker.
pub(crate) fn echo(worker: WorkerId, item: u64) -> Echo {
    Echo { item, worker }
}

/// Consumes `results` and fails unless it held exactly one result for each of the items
/// `0..items` and then ended for good (`None`, and `None` again).
pub(crate) fn expect_exactly_once(
    check: &Check,
    results: &mut impl Iterator<Item = Echo>,
    items: u64,
) {
    let mut seen = vec![0u32; usize::try_from(items).expect("item counts fit in memory")];
    for result in results.by_ref() {
        match seen.get_mut(result.item as usize) {
            Some(count) => *count += 1,
            None => check.fail(format_args!(
                "a result for item {}, which was never input",
                result.item
            )),
        }
    }
    let ids_where = |wanted: fn(u32) -> bool| -> Vec<usize> {
        (0..seen.len()).filter(|&id| wanted(seen[id])).collect()
    };
    let lost = ids_where(|count| count == 0);
    check.ensure(lost.is_empty(), || {
        format!(
            "{} of {items} items lost (no result), first ones: {:?}",
            lost.len(),
            &lost[..lost.len().min(10)]
        )
    });
    let duplicated = ids_where(|count| count > 1);
    check.ensure(duplicated.is_empty(), || {
        format!(
            "{} of {items} items had more than one result, first ones: {:?}",
            duplicated.len(),
            &duplicated[..duplicated.len().min(10)]
        )
    });
    check.ensure(results.next().is_none(), || {
        String::from("next() after the end returned a result")
    });
}

/// A few microseconds of work that varies from item to item (and from `salt` to `salt`),
/// so results complete out of order.
pub(crate) fn uneven_work(item: u64, salt: u64) {
    let spins = (item ^ salt).wrapping_mul(0x9E37_79B9_7F4A_7C15) >> 54;
    let mut value = item;
    for _ in 0..spins {
        value = std::hint::black_box(value.rotate_left(5) ^ 0x5555);
    }
    std::hint::black_box(value);
}

/// After a drop: the run holds neither input nor `work`, and pulls no more.
pub(crate) fn expect_stopped(check: &Check, probe: &Probe) {
    let (inputs, works) = probe.alive();
    check.ensure(inputs == 0 && works == 0, || {
        format!(
            "after drop returned, the run still held its input ({inputs}) or work ({works}): \
             some thread or task of the run is still alive"
        )
    });
    let pulled = probe.pulled();
    thread::sleep(Duration::from_millis(10));
    check.ensure(probe.pulled() == pulled, || {
        String::from("the input was pulled after drop returned")
    });
}

/// Consumes `results`, expecting a panic `Boom(item)` with `item` in `from` to resume at
/// the consumer once the run has stopped, and `next()` to return `None` afterwards.
pub(crate) fn expect_panic_at_consumer<R>(
    check: &Check,
    probe: &Probe,
    mut results: impl Iterator<Item = R>,
    from: RangeInclusive<u64>,
) {
    let outcome = catch_unwind(AssertUnwindSafe(|| results.by_ref().count()));
    let payload = match outcome {
        Ok(count) => check.fail(format_args!(
            "the run ended after {count} results and the panic never reached the consumer"
        )),
        Err(payload) => payload,
    };
    let expected = || {
        if from.start() == from.end() {
            format!("the panic Boom({})", from.start())
        } else {
            format!("a panic Boom(n) with n in {from:?}")
        }
    };
    match payload.downcast::<Boom>() {
        Ok(boom) => check.ensure(from.contains(&boom.0), || {
            format!("the consumer got {boom:?}, not {}", expected())
        }),
        Err(other) => check.fail(format_args!(
            "the consumer got a panic with another payload than {}: {}",
            expected(),
            panic_message(&*other)
        )),
    }
    let (inputs, works) = probe.alive();
    check.ensure(
        probe.active_calls() == 0 && inputs == 0 && works == 0,
        || {
            format!(
                "the panic resumed before the run had stopped: {} calls of work running, \
                 input held {inputs}, work held {works}",
                probe.active_calls()
            )
        },
    );
    check.ensure(results.next().is_none(), || {
        String::from("next() after the resumed panic returned a result")
    });
}

/// Fails unless every value the probe tracked has been dropped, and none twice.
pub(crate) fn expect_all_dropped_once(check: &Check, probe: &Probe) {
    let (made, dropped) = probe.values();
    check.ensure(made == dropped, || {
        if dropped < made {
            format!(
                "{} of {made} items and results were never dropped (leaked)",
                made - dropped
            )
        } else {
            format!("{dropped} drops for {made} items and results: some dropped twice")
        }
    });
}
