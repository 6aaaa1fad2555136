//! Fan-out/fan-in on `std::sync::mpsc` alone: the [`StdMpsc`] engine, and [`SeedLayout`],
//! the seed's Go design ported literally.
//!
//! # `StdMpsc`
//! The [`ChannelEngine`](fanout_core::kit::ChannelEngine) run (a feeder thread, `workers`
//! worker threads, a job queue and a result queue) on `sync_channel(capacity)` queues.
//! std's receivers are single-consumer, so the workers share the job receiver behind a
//! `Mutex` and take turns receiving from it. Capacity 0 is std's rendezvous channel. A
//! blocked `send` or `recv` spins briefly, then parks.
//!
//! In-flight bound: `2 * capacity + workers + 1`: one item held by the feeder waiting to
//! send, `capacity` in the job queue, one per worker (working, or waiting to send its
//! result), and `capacity` in the result queue.
//!
//! # `SeedLayout`
//! The topology of the seed (`fanOut` and `fanIn` in Go), kept as written so the design
//! itself is measured: one shared job channel; one result channel per worker; a closer
//! thread that, like the seed's `wg.Wait()` goroutine, closes the worker channels once
//! every worker is done; one forwarder thread per worker channel into the single output
//! channel; and a second closer that closes the output once every forwarder is done. That
//! is `2 * workers + 3` threads per run. Every channel is a `sync_channel(capacity)`; the
//! seed's unbuffered channels are capacity 0.
//!
//! In-flight bound: `(workers + 2) * capacity + 2 * workers + 1`: the feeder's item, the
//! job channel, one item per worker, each worker's result channel, one per forwarder
//! waiting to send, and the output channel.
//!
//! # Closing, for both
//! The input's end closes the run front to back: the feeder drops its sender, the workers
//! drain the jobs and end, and the consumer sees the output disconnect and joins the
//! threads. Dropping the iterator closes it back to front: sends into a dropped receiver
//! fail, each stage ends, and the drop joins every thread. A scoped run
//! ([`run_in`](fanout_core::FanOutFanIn::run_in)) starts the same threads in the caller's
//! scope.
//!
//! # Example
//! ```
//! use fanout_core::{fan_out_fan_in, generate_work_items, FanConfig, FanOutFanIn};
//! use fanout_std::SeedLayout;
//!
//! // The seed's RunFan: 20 items, 4 workers, unbuffered channels.
//! let engine = SeedLayout::new(FanConfig::new(4)?.with_capacity(0));
//! for result in fan_out_fan_in(&engine, generate_work_items(20)) {
//!     println!(
//!         "Processed: Item {} -> {} (by Worker {})",
//!         result.original_id, result.processed, result.worker_id
//!     );
//! }
//! # Ok::<(), fanout_core::ConfigError>(())
//! ```

mod seed_layout;
mod shared_receiver;
mod std_mpsc;

pub use seed_layout::SeedLayout;
pub use shared_receiver::SharedReceiver;
pub use std_mpsc::{StdChannel, StdMpsc};
