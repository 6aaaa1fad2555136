//! `FANOUT_SMALL`: the same checks on smaller inputs, for runs under tools that are many
//! times slower (valgrind).

use std::sync::OnceLock;

/// The most items any one run of a check takes when `FANOUT_SMALL` is set.
const SMALL_CAP: u64 = 500;

/// `items`, or at most [`SMALL_CAP`] of them when `FANOUT_SMALL` is set (to anything but
/// `0`). Only the long runs shrink; every edge and every fault stays as it is.
pub(crate) fn sized(items: u64) -> u64 {
    static SMALL: OnceLock<bool> = OnceLock::new();
    let small = *SMALL.get_or_init(|| std::env::var("FANOUT_SMALL").is_ok_and(|text| text != "0"));
    if small { items.min(SMALL_CAP) } else { items }
}
