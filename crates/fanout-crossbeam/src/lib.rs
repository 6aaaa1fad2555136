//! Fan-out/fan-in on [crossbeam-channel](https://docs.rs/crossbeam-channel): the [`Crossbeam`] engine.
//!
//! # Strategy
//! The [`ChannelEngine`] run (a feeder thread, `workers` worker threads, a job queue and a
//! result queue) on `crossbeam_channel::bounded(capacity)` queues. crossbeam's receivers
//! are multi-consumer, so the workers receive jobs from clones of one receiver, with no
//! lock. Capacity 0 is crossbeam's zero-capacity (rendezvous) channel. A blocked `send` or
//! `recv` spins, then yields its core a few times, before it parks.
//!
//! # In-flight bound
//! `2 * capacity + workers + 1`: one item held by the feeder waiting to send, `capacity`
//! in the job queue, one per worker (working, or waiting to send its result), and
//! `capacity` in the result queue.
//!
//! # Example
//! ```
//! use fanout_core::{FanConfig, FanOutFanIn};
//! use fanout_crossbeam::Crossbeam;
//!
//! let engine = Crossbeam::new(FanConfig::new(4)?.with_capacity(16));
//! assert_eq!(engine.in_flight_bound(), 2 * 16 + 4 + 1);
//! let total: u64 = engine.run(1..=1000u64, |_worker, n| n * 2).sum();
//! assert_eq!(total, 1000 * 1001);
//! # Ok::<(), fanout_core::ConfigError>(())
//! ```

use fanout_core::kit::ChannelEngine;

/// Fan-out/fan-in over crossbeam-channel's bounded multi-consumer queues; see the
/// [crate docs](crate) for its strategy and in-flight bound.
pub type Crossbeam = ChannelEngine<CrossbeamChannel>;

fanout_core::multi_consumer_channel!(
    /// Crossbeam-channel's bounded queues, as the [`Crossbeam`] engine carries items on them.
    pub CrossbeamChannel = "crossbeam", crossbeam_channel
);
