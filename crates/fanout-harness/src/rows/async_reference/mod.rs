//! The async engines' `reference` rows: the fan-out/fan-in a tokio or futures user writes
//! by hand, with no contract around it (no cancellation guard, no panic capture, no ids
//! beyond what the harness's per-worker count needs), so that each async engine's own cost
//! shows as a ratio measured in the same run.
//!
//! Each runs on the same runtime as the async engines (`async_runtime`), with the thread
//! that drives the row as the consumer, blocked on it.

mod buffer_unordered;
mod joinset;
mod tokio_tasks;

pub use self::buffer_unordered::BufferUnorderedReference;
pub use self::joinset::JoinSetReference;
pub use self::tokio_tasks::TokioTasksReference;
