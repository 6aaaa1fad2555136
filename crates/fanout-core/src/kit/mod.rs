//! Building blocks the engines share, so that each engine is only its own queues and threads.
//!
//! A run of any engine has the same skeleton: one [`RunControl`] holding the stop flag and
//! the first panic; the input wrapped in a [`GuardedInput`] that stops pulling when the run
//! stops and turns a panic in the input into a recorded one; the workers, as a
//! [`ThreadGroup`] of OS threads running [`work_loop`], or anything else that implements
//! [`RunWorkers`]; and the consumer's end, [`RunResults`], which stops and waits for the
//! workers when it is dropped and resumes a recorded panic once they have stopped.
//!
//! Engines built on a channel library and OS threads share more: the whole run, as
//! [`ChannelEngine`], each bringing only its [`Channel`].
//!
//! Async engines share [`Cancellation`]: every poll of their input and work futures goes
//! through it, so that once the consumer's end is dropped nothing of the run is polled
//! again, and a panic in a poll becomes a value to hand to the consumer. Those whose
//! workers are not a fixed set of tasks number their work futures with [`WorkerIds`].

mod batch_sizer;
mod cancellation;
mod channel_engine;
mod control;
mod input;
mod results;
mod scoped_threads;
mod threads;
mod wait_group;
mod worker;
mod worker_ids;

pub use batch_sizer::{BATCH_GROWTH, BatchSizer};
pub use cancellation::{Cancellation, Guarded};
pub use channel_engine::{Channel, ChannelEngine};
pub use control::{PanicPayload, RunControl};
pub use input::GuardedInput;
pub use results::{RunResults, RunWorkers};
pub use scoped_threads::run_on_scoped_threads;
pub use threads::ThreadGroup;
pub use wait_group::WaitGroup;
pub use worker::work_loop;
pub use worker_ids::{IdLease, WorkerIds};

#[cfg(all(test, not(loom)))]
mod tests;
