//! Random states for the checks' varied inputs: which random states a check runs with
//! (`FANOUT_STRESS`, `FANOUT_RANDOM_STATE`), and the small generator that turns one into
//! inputs.
//!
//! This is "random state" and never "seed", because the seed is the Go program this
//! project ports. Random state 0 is the canonical pass: every check's fixed inputs,
//! exactly as written. Any other random state varies what a check leaves open (panic
//! positions, item counts, work unevenness), so that `FANOUT_STRESS=N` tries N fresh
//! corners of the same guarantee, and a failure names the random state that
//! `FANOUT_RANDOM_STATE` replays.

use std::collections::hash_map::RandomState as HashKeys;
use std::hash::BuildHasher;
use std::ops::RangeInclusive;

/// The random states every check runs with, one run each, in order.
///
/// `FANOUT_RANDOM_STATE=S` (decimal or `0x` hex) runs random state `S`, `FANOUT_STRESS`
/// times (default once); otherwise `FANOUT_STRESS=N` runs N fresh random states; with
/// neither, the canonical random state 0.
pub(crate) fn random_states() -> Vec<u64> {
    let runs = env_number("FANOUT_STRESS");
    match env_number("FANOUT_RANDOM_STATE") {
        Some(random_state) => vec![random_state; runs.unwrap_or(1) as usize],
        None => match runs {
            None => vec![0],
            Some(runs) => {
                let keys = HashKeys::new();
                // Hashing the run number with a per-process random key gives fresh random
                // states; 0 is kept for the canonical pass, so a drawn 0 becomes 1.
                (0..runs).map(|run| keys.hash_one(run).max(1)).collect()
            }
        },
    }
}

/// The value of the environment variable `name` as a number, if it is set.
///
/// # Panics
/// When it is set but is not a whole number: a stress run that silently ran once would
/// look like a pass.
fn env_number(name: &str) -> Option<u64> {
    let text = std::env::var(name).ok()?;
    let text = text.trim();
    let parsed = match text.strip_prefix("0x") {
        Some(hex) => u64::from_str_radix(hex, 16),
        None => text.parse(),
    };
    Some(parsed.unwrap_or_else(|_| {
        panic!("{name} must be a whole number (decimal or 0x hex), not `{text}`")
    }))
}

/// SplitMix64: a tiny, well-mixed generator, so that one random state gives one sequence
/// of inputs on every machine, with no dependency.
#[derive(Debug)]
pub(crate) struct Draws {
    state: u64,
}

impl Draws {
    pub(crate) fn new(random_state: u64) -> Draws {
        Draws {
            state: random_state,
        }
    }

    fn next_u64(&mut self) -> u64 {
        self.state = self.state.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.state;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number in `range`, near enough to uniform for test inputs.
    pub(crate) fn in_range(&mut self, range: RangeInclusive<u64>) -> u64 {
        let (low, high) = (*range.start(), *range.end());
        match (high - low).checked_add(1) {
            Some(width) => low + self.next_u64() % width,
            None => self.next_u64(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn draws_stay_in_range_and_repeat_for_a_random_state() {
        let mut first = Draws::new(42);
        let mut again = Draws::new(42);
        for _ in 0..1_000 {
            let drawn = first.in_range(3..=9);
            assert!((3..=9).contains(&drawn));
            assert_eq!(drawn, again.in_range(3..=9));
        }
        assert_ne!(Draws::new(1).next_u64(), Draws::new(2).next_u64());
    }
}
