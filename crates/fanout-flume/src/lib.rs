//! Fan-out/fan-in on [flume](https://docs.rs/flume): the [`Flume`] engine.
//!
//! # Strategy
//! The [`ChannelEngine`] run (a feeder thread, `workers` worker threads, a job queue and a
//! result queue) on `flume::bounded(capacity)` queues. flume's receivers are
//! multi-consumer and cloneable, so the workers receive jobs from clones of one receiver,
//! with no lock of ours. Capacity 0 is flume's rendezvous channel. A blocked `send` or
//! `recv` parks its thread at once.
//!
//! # In-flight bound
//! `2 * capacity + workers + 1`: one item held by the feeder waiting to send, `capacity`
//! in the job queue, one per worker (working, or waiting to send its result), and
//! `capacity` in the result queue.
//!
//! # Example
//! ```
//! use fanout_core::{FanConfig, FanOutFanIn};
//! use fanout_flume::Flume;
//!
//! let engine = Flume::new(FanConfig::new(4)?.with_capacity(16));
//! assert_eq!(engine.in_flight_bound(), 2 * 16 + 4 + 1);
//! let lengths: Vec<usize> = engine.run_ordered(["a", "bb", "ccc"], |_, word| word.len()).collect();
//! assert_eq!(lengths, [1, 2, 3]);
//! # Ok::<(), fanout_core::ConfigError>(())
//! ```

use fanout_core::kit::ChannelEngine;

/// Fan-out/fan-in over flume's bounded multi-consumer queues; see the [crate docs](crate)
/// for its strategy and in-flight bound.
pub type Flume = ChannelEngine<FlumeChannel>;

fanout_core::multi_consumer_channel!(
    /// Flume's bounded queues, as the [`Flume`] engine carries items on them.
    pub FlumeChannel = "flume", flume
);
