//! The synchronisation the project writes itself is built from these: std's types, or
//! loom's when built with `--cfg loom`, so that the loom models check the code shipped.
//!
//! Every hand-written primitive (the ordered gates, blocking and async, the kit's
//! `WaitGroup`, `RunControl`, `Cancellation`, thread group and consumer's end, the adaptive
//! engine's batch queue and kept threads) takes its atomics, locks, `Arc` and threads from
//! here, never from `std` directly.

#[cfg(loom)]
pub use loom::sync::atomic::{AtomicBool, AtomicU64, AtomicUsize, Ordering};
#[cfg(loom)]
pub use loom::sync::{Arc, Condvar, Mutex, MutexGuard};
#[cfg(loom)]
pub use loom::thread;

#[cfg(not(loom))]
pub use std::sync::atomic::{AtomicBool, AtomicU64, AtomicUsize, Ordering};
#[cfg(not(loom))]
pub use std::sync::{Arc, Condvar, Mutex, MutexGuard};
#[cfg(not(loom))]
pub use std::thread;
