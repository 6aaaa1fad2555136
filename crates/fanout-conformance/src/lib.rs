//! The one conformance suite every fanout engine must pass.
//!
//! Each guarantee of [`FanOutFanIn`](fanout_core::FanOutFanIn) is one generic function,
//! [`exactly_once`], [`streaming`], [`bounded`], [`workers`], [`early_drop`], [`panics`],
//! [`no_leaks`], [`sharing`], [`ordered`] and [`edges`], and [`conformance_tests!`] turns
//! them into one `#[test]` each for an engine:
//!
//! ```
//! // crates/fanout-crossbeam/tests/conformance.rs
//! fanout_conformance::conformance_tests!(fanout_crossbeam::Crossbeam);
//! # fn main() {}
//! ```
//!
//! Every check runs on a thread of its own under a watchdog (`FANOUT_WATCHDOG_SECS`,
//! 60 s by default), so a hang fails with a message naming the engine, the property and the
//! inputs instead of stalling the test run. A check can also be called directly:
//!
//! ```
//! fanout_conformance::exactly_once::<fanout_crossbeam::Crossbeam>();
//! ```
//!
//! The suite tests itself: its own tests run each check against a deliberately broken
//! engine made to fail it.

mod checks;
mod probe;
mod watchdog;

pub use checks::{
    bounded, early_drop, edges, exactly_once, no_leaks, ordered, panics, sharing, streaming,
    workers,
};
pub use probe::{Boom, Echo};

/// Expands to one `#[test]` per guarantee for the engine type given, named after the
/// check it runs (`exactly_once`, `streaming`, ...).
#[macro_export]
macro_rules! conformance_tests {
    ($engine:ty) => {
        $crate::conformance_tests!(@each $engine;
            exactly_once streaming bounded workers early_drop
            panics no_leaks sharing ordered edges);
    };
    (@each $engine:ty; $($check:ident)*) => {
        $(
            #[test]
            fn $check() {
                $crate::$check::<$engine>();
            }
        )*
    };
}
