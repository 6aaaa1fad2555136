//! The one conformance suite every fanout engine must pass.
//!
//! Each guarantee of [`FanOutFanIn`](fanout_core::FanOutFanIn) is one generic function,
//! [`exactly_once`], [`streaming`], [`bounded`], [`workers`] (with [`calls_that_wait`] and
//! [`slow_call`]), [`early_drop`], [`panics`],
//! [`no_leaks`], [`sharing`], [`ordered`] and [`edges`], and [`conformance_tests!`] turns
//! them into one `#[test]` each for an engine. Each check runs its runs twice, started with
//! `run` and, inside a `std::thread::scope`, with `run_in`; [`scoped`] adds runs that
//! borrow from the caller's stack:
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
//!
//! # Async
//!
//! The async contract, [`AsyncFanOutFanIn`](fanout_core::AsyncFanOutFanIn), has a suite of
//! its own, written the same way: [`async_exactly_once`], [`async_bounded`],
//! [`async_workers`], [`async_cancellation`], [`async_panics`], [`async_no_leaks`],
//! [`async_ordered`] and [`async_on_callers_runtime`], each run on a current-thread and a multi-thread tokio runtime it
//! starts itself, and [`async_conformance_tests!`] to turn them into tests:
//!
//! ```
//! // crates/fanout-tokio/tests/async_conformance.rs
//! fanout_conformance::async_conformance_tests!(fanout_tokio::TokioTasks);
//! # fn main() {}
//! ```
//!
//! # Reliability
//!
//! Beyond one check per guarantee, [`reliability_tests!`] attacks the guarantees for an
//! engine: a [`property`] test over random runs of every shape, and one test per fault
//! ([`panics_in_work`], [`panicking_input`], [`panicking_drops`], [`slow_call_at_drop`],
//! [`consumer_on_another_thread`], [`eight_threads_share_one_engine`], [`nested_fan_out`],
//! [`too_many_workers`]), each also checking that no thread or task of a run outlives it:
//!
//! ```
//! // crates/fanout-crossbeam/tests/reliability.rs
//! fanout_conformance::reliability_tests!(fanout_crossbeam::Crossbeam);
//! # fn main() {}
//! ```
//!
//! # Environment
//!
//! - `FANOUT_STRESS=N` runs every check and fault test N times, with fresh random states
//!   that vary the inputs each check leaves open; a failure names its random state, and
//!   `FANOUT_RANDOM_STATE=S` replays it. Without either, each runs once on its fixed inputs
//!   (random state 0).
//! - `FANOUT_SMALL=1` caps the long inputs at 500 items, for runs under valgrind.
//! - `FANOUT_WATCHDOG_SECS` is the watchdog's limit; `PROPTEST_CASES` the property's cases.
//!
//! Threads are told apart by their ids in `/proc/self/task`: a thread left behind is one
//! alive now that was not alive before the run. Every check holds a process-wide lock,
//! shared, or exclusive while it looks, so that the tests running beside it in the same
//! process start and end no threads meanwhile. That census needs Linux: on any other
//! platform, or where `/proc/self/task` cannot be read, every check that counts threads
//! fails and says why, rather than pass without having looked.

mod accounting;
mod async_checks;
mod census;
mod checks;
mod faults;
mod probe;
mod property;
mod random_state;
mod size;
mod watchdog;

pub use accounting::{AliveTasks, no_tasks};
pub use async_checks::{
    async_bounded, async_cancellation, async_exactly_once, async_no_leaks,
    async_on_callers_runtime, async_ordered, async_panics, async_workers,
};
pub use checks::{
    bounded, calls_that_wait, early_drop, edges, exactly_once, no_leaks, ordered, panics, scoped,
    sharing, slow_call, streaming, workers,
};
pub use faults::{
    consumer_on_another_thread, eight_threads_share_one_engine, nested_fan_out, panicking_drops,
    panicking_input, panics_in_work, slow_call_at_drop, too_many_workers,
};
pub use probe::{Boom, Echo};
pub use property::{property, property_config};

/// Expands to one `#[test]` per guarantee for the engine type given, named after the
/// check it runs (`exactly_once`, `streaming`, ...).
#[macro_export]
macro_rules! conformance_tests {
    ($engine:ty) => {
        $crate::conformance_tests!(@each $engine;
            exactly_once streaming bounded workers calls_that_wait slow_call early_drop
            panics no_leaks sharing ordered edges scoped);
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

/// Expands to one `#[test]` per guarantee of the async contract for the async engine type
/// given, named after the check it runs (`async_exactly_once`, `async_bounded`, ...). Each
/// starts its own tokio runtimes, a current-thread one and a multi-thread one.
///
/// ```
/// // crates/fanout-futures/tests/async_conformance.rs
/// fanout_conformance::async_conformance_tests!(fanout_futures::BufferUnordered);
/// # fn main() {}
/// ```
#[macro_export]
macro_rules! async_conformance_tests {
    ($engine:ty) => {
        $crate::conformance_tests!(@each $engine;
            async_exactly_once async_bounded async_workers async_cancellation
            async_panics async_no_leaks async_ordered async_on_callers_runtime);
    };
}

/// Expands to the reliability tests for the engine type given: `property` (failing cases
/// kept in the crate's `proptest-regressions/reliability.txt`) and one `#[test]` per fault,
/// named after the function it runs.
///
/// An engine with tasks that are not threads names how to count the live ones, so that
/// every test also checks that none outlives its run:
///
/// ```
/// fanout_conformance::reliability_tests!(
///     fanout_crossbeam::Crossbeam,
///     alive_tasks = |_engine: &fanout_crossbeam::Crossbeam| 0
/// );
/// # fn main() {}
/// ```
#[macro_export]
macro_rules! reliability_tests {
    ($engine:ty) => {
        $crate::reliability_tests!($engine, alive_tasks = $crate::no_tasks::<$engine>);
    };
    ($engine:ty, alive_tasks = $alive_tasks:expr) => {
        #[test]
        fn property() {
            $crate::property::<$engine>(
                $crate::property_config(Some(concat!(
                    env!("CARGO_MANIFEST_DIR"),
                    "/proptest-regressions/reliability.txt"
                ))),
                $alive_tasks,
            );
        }

        #[test]
        fn too_many_workers() {
            $crate::too_many_workers::<$engine>(
                $alive_tasks,
                concat!(module_path!(), "::too_many_workers"),
            );
        }

        $crate::reliability_tests!(@each $engine, $alive_tasks;
            panics_in_work panicking_input panicking_drops slow_call_at_drop
            consumer_on_another_thread eight_threads_share_one_engine nested_fan_out);
    };
    (@each $engine:ty, $alive_tasks:expr; $($fault:ident)*) => {
        $(
            #[test]
            fn $fault() {
                $crate::$fault::<$engine>($alive_tasks);
            }
        )*
    };
}
