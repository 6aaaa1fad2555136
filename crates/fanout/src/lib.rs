//! Fan-out/fan-in for Rust: spread items over a fixed number of workers and gather their
//! results as they complete, on the concurrency library of your choice. Every engine
//! implements one contract, [`FanOutFanIn`] (blocking work) or [`AsyncFanOutFanIn`] (async
//! work), and passes one conformance suite: the input is pulled lazily, queues are bounded,
//! a panic resumes at the consumer, and dropping the results stops the run.
//!
//! # Start here
//! ```toml
//! [dependencies]
//! fanout = { git = "https://github.com/fanout-rs/fanout" } # default: adaptive, crossbeam
//! ```
//!
//! ```
//! use fanout::prelude::*;
//!
//! let engine = Adaptive::new(FanConfig::new(4)?); // 4 workers, kept for every run
//! let total: u64 = engine.run(1..=100u64, |_worker, n| n * n).sum(); // as they complete
//! assert_eq!(total, 338_350);
//! let squares: Vec<u64> = engine.run_ordered(1..=5u64, |_worker, n| n * n).collect();
//! assert_eq!(squares, [1, 4, 9, 16, 25]);
//! # Ok::<(), fanout::ConfigError>(())
//! ```
//!
//! To borrow from your stack instead (items, `work`, results), run inside a scope:
//!
//! ```
//! # use fanout::prelude::*;
//! # let engine = Adaptive::new(FanConfig::new(4)?);
//! let words = vec!["fan", "out", "in"];
//! let lengths: Vec<usize> =
//!     std::thread::scope(|scope| engine.run_ordered_in(scope, &words, |_, w| w.len()).collect());
//! assert_eq!(lengths, [3, 3, 2]);
//! # Ok::<(), fanout::ConfigError>(())
//! ```
//!
//! Each engine is behind a feature, at the crate root (`fanout::Crossbeam`) and in the
//! [`prelude`]; its crate is a module (`fanout::nats`) for the rest of its API:
//!
//! | feature | engines | module |
//! |---|---|---|
//! | `adaptive` (default) | `Adaptive`: batches that size themselves | `adaptive` |
//! | `crossbeam` (default) | `Crossbeam` | `crossbeam` |
//! | `std` | `StdMpsc`; `SeedLayout`, the Go seed's design | `stdlib` |
//! | `flume`, `rayon` | `Flume`, `Rayon` | `flume`, `rayon` |
//! | `tokio` | `Tokio` (blocking work); `TokioTasks`, `JoinSetLimit` (async) | `tokio` |
//! | `futures` | `BufferUnordered` (async, in the consumer's task) | `futures` |
//! | `nats` | `Nats`: jobs by name over NATS JetStream, past one machine | `nats` |
//! | `full` | all of the above | |
//!
//! The default pair: between them, the fastest engine in every blocking-work throughput
//! scenario measured, and neither needs a runtime.
//!
//! # Which engine
//! In brief, from the [measured results] (a 2-core machine; `cargo bench` measures yours):
//! - Items of nanoseconds: do not fan out; one thread is faster than any engine.
//! - CPU items of microseconds, even or skewed: `Adaptive`.
//! - Blocking items (sleeps, blocking I/O): `Adaptive`, `Crossbeam` or `Rayon`, with as
//!   many workers as calls you want in progress.
//! - Async I/O with many requests in progress: `TokioTasks`; with a handful, threads do
//!   as well. `BufferUnordered` polls every future on the consumer's thread: no
//!   parallelism for CPU work.
//! - The whole output at once, no streaming: rayon's `par_iter`.
//! - Past one machine: `Nats`, once an item's work outweighs a network round trip.
//!
//! [measured results]: https://github.com/fanout-rs/fanout/blob/main/results/README.md

pub use fanout_core::{
    AsyncFanOutFanIn, AsyncWork, ConfigError, FanConfig, FanOutFanIn, ScopedWork, StartError, Work,
    WorkItem, WorkResult, WorkerId, fan_out_fan_in, generate_work_items,
};

#[cfg(feature = "adaptive")]
pub use fanout_adaptive::{self as adaptive, Adaptive};
#[cfg(feature = "crossbeam")]
pub use fanout_crossbeam::{self as crossbeam, Crossbeam};
#[cfg(feature = "flume")]
pub use fanout_flume::{self as flume, Flume};
#[cfg(feature = "futures")]
pub use fanout_futures::{self as futures, BufferUnordered};
#[cfg(feature = "nats")]
pub use fanout_nats::{self as nats, Nats};
#[cfg(feature = "rayon")]
pub use fanout_rayon::{self as rayon, Rayon};
// Not `std`, which would shadow the standard library for `use fanout::*`.
#[cfg(feature = "std")]
pub use fanout_std::{self as stdlib, SeedLayout, StdMpsc};
#[cfg(feature = "tokio")]
pub use fanout_tokio::{self as tokio, JoinSetLimit, Tokio, TokioTasks};

pub mod prelude {
    //! `use fanout::prelude::*;`: the two contracts, [`FanConfig`] and its error, and every engine
    //! enabled.

    pub use fanout_core::{AsyncFanOutFanIn, ConfigError, FanConfig, FanOutFanIn};

    #[cfg(feature = "adaptive")]
    pub use crate::Adaptive;
    #[cfg(feature = "futures")]
    pub use crate::BufferUnordered;
    #[cfg(feature = "crossbeam")]
    pub use crate::Crossbeam;
    #[cfg(feature = "flume")]
    pub use crate::Flume;
    #[cfg(feature = "nats")]
    pub use crate::Nats;
    #[cfg(feature = "rayon")]
    pub use crate::Rayon;
    #[cfg(feature = "tokio")]
    pub use crate::{JoinSetLimit, Tokio, TokioTasks};
    #[cfg(feature = "std")]
    pub use crate::{SeedLayout, StdMpsc};
}
