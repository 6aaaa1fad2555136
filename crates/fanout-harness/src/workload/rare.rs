//! `skewed-rare`: one very heavy item in every [`RARE_PERIOD`], placed so that a static
//! round-robin split deals them all to the same worker.
//!
//! `skewed` makes a tenth of its items heavy, at random: with thousands of items every
//! worker of a static split draws about its share, so it balances as well as a shared
//! queue and cannot test the seed's load-balancing claim. Here heavy items are few and
//! each is worth hundreds of light ones, and they sit at multiples of a period that
//! every worker count the benches sweep up to 16 divides (and every core count up to 6),
//! so round robin strands them all on one worker while a shared queue spreads them. It
//! stands for inputs whose cost follows their position: a sorted listing, a log with a
//! periodic large record.

use std::time::Duration;

/// Heavy items sit at every multiple of this: 480 = 2^5 x 3 x 5, divisible by 1 to 6, 8,
/// 10, 12 and 16.
pub const RARE_PERIOD: u64 = 480;

/// What a light item spins.
pub const RARE_LIGHT: Duration = Duration::from_micros(1);

/// What a heavy item spins: worth four periods of light items, so that one worker
/// holding every heavy one is the whole run's critical path.
pub const RARE_HEAVY: Duration = Duration::from_millis(2);

/// Whether item `item` is heavy.
pub(crate) fn is_heavy(item: u64) -> bool {
    item.is_multiple_of(RARE_PERIOD)
}

/// The mean cost of an item over one period.
pub(crate) fn mean_cost() -> Duration {
    (RARE_LIGHT * (RARE_PERIOD as u32 - 1) + RARE_HEAVY) / RARE_PERIOD as u32
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_robin_deals_every_heavy_item_to_the_first_worker() {
        for workers in [1, 2, 3, 4, 5, 6, 8, 16] {
            let dealt: Vec<u64> = (0..10 * RARE_PERIOD)
                .filter(|&item| is_heavy(item))
                .map(|item| item % workers)
                .collect();
            assert_eq!(dealt.len(), 10, "{workers} workers");
            assert!(
                dealt.iter().all(|&worker| worker == 0),
                "{workers}: {dealt:?}"
            );
        }
    }

    #[test]
    fn heavy_items_carry_most_of_the_work() {
        let heavy = RARE_HEAVY.as_nanos() as f64 / RARE_PERIOD as f64;
        assert!(
            heavy / mean_cost().as_nanos() as f64 > 0.75,
            "{:?}",
            mean_cost()
        );
    }
}
