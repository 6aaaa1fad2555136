//! One generic check per guarantee of the contract, and what they share.

mod bounded;
mod early_drop;
mod edges;
mod exactly_once;
mod no_leaks;
mod ordered;
mod panics;
mod sharing;
mod streaming;
mod workers;

pub use bounded::bounded;
pub use early_drop::early_drop;
pub use edges::edges;
pub use exactly_once::exactly_once;
pub use no_leaks::no_leaks;
pub use ordered::ordered;
pub use panics::panics;
pub use sharing::sharing;
pub use streaming::streaming;
pub use workers::workers;

use std::time::Duration;

use fanout_core::WorkerId;

use crate::probe::Echo;
use crate::watchdog::Check;

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
