//! The fan-out/fan-in contract that every fanout engine implements.
//!
//! An engine spreads the items of an input iterator over a fixed number of workers and
//! hands their results back, as they complete, through an ordinary iterator:
//!
//! ```text
//! input ─> feeder ─> job queue ─> worker k runs work(k, item) ─> result queue ─> next()
//! ```
//!
//! The input is pulled lazily, queues are bounded, a panic travels to the consumer, and
//! dropping the iterator stops the run and joins its workers. [`FanOutFanIn`] states these
//! guarantees; the `fanout-conformance` crate checks them for every engine.
//!
//! This crate holds the contracts ([`FanOutFanIn`], [`AsyncFanOutFanIn`], [`FanConfig`]),
//! the seed's item types ([`WorkItem`], [`WorkResult`], [`generate_work_items`]), and the
//! [`kit`] of parts the engines share. The blocking engines are `fanout_std`'s `StdMpsc`
//! and `SeedLayout`, `fanout_crossbeam::Crossbeam`, `fanout_flume::Flume`,
//! `fanout_tokio::Tokio`, `fanout_rayon::Rayon` and `fanout_adaptive::Adaptive`.
//!
//! # Example
//!
//! The seed's job, on the crossbeam engine (any engine works the same way):
//!
//! ```
//! use fanout_core::{fan_out_fan_in, generate_work_items, FanConfig, FanOutFanIn};
//! use fanout_crossbeam::Crossbeam;
//!
//! let engine = Crossbeam::new(FanConfig::new(4)?);
//! let mut results: Vec<_> = fan_out_fan_in(&engine, generate_work_items(20)).collect();
//! results.sort_by_key(|result| result.original_id);
//! assert_eq!(results.len(), 20);
//! assert!(results[6].processed.starts_with("processed-item-7-by-worker-"));
//!
//! // Any closure and any types: results come back as they complete, or in input order.
//! let squares: Vec<u64> = engine.run_ordered(1..=5u64, |_worker, n| n * n).collect();
//! assert_eq!(squares, [1, 4, 9, 16, 25]);
//! # Ok::<(), fanout_core::ConfigError>(())
//! ```
//!
//! # Async work
//!
//! [`AsyncFanOutFanIn`] is the same contract for work that is a future: the input is a
//! `Stream`, `workers` counts the work futures in progress at once, the results come back
//! as a `Stream`, and dropping it cancels the run. Its engines are `fanout_tokio`'s
//! `TokioTasks` and `JoinSetLimit`, on the caller's tokio runtime, and `fanout_futures`'
//! `BufferUnordered`, inside the consumer's task:
//!
//! ```
//! use fanout_core::{AsyncFanOutFanIn, FanConfig};
//! use fanout_tokio::TokioTasks;
//! use futures_util::{StreamExt, stream};
//!
//! # let runtime = tokio::runtime::Builder::new_current_thread().build().unwrap();
//! # runtime.block_on(async {
//! let engine = TokioTasks::new(FanConfig::new(8)?);
//! let words = stream::iter(["fan", "out", "fan", "in"]);
//! let lengths = engine.run_ordered(words, |_worker, word| async move { word.len() });
//! assert_eq!(lengths.collect::<Vec<_>>().await, [3, 3, 3, 2]);
//! # Ok::<(), fanout_core::ConfigError>(())
//! # }).unwrap();
//! ```

mod async_engine;
mod async_ordered;
mod config;
mod engine;
mod flaw;
mod item;
pub mod kit;
#[cfg(loom)]
pub mod loom_check;
#[cfg(all(test, loom))]
mod loom_models;
mod ordered;
mod start_error;
#[doc(hidden)]
pub mod sync;
#[cfg(all(test, not(loom)))]
mod test_engine;
mod work;

pub use async_engine::AsyncFanOutFanIn;
pub use config::{ConfigError, FanConfig};
pub use engine::{FanOutFanIn, fan_out_fan_in};
pub use item::{WorkItem, WorkResult, WorkerId, generate_work_items};
pub use start_error::StartError;
pub use work::{AsyncWork, ScopedWork, Work};
