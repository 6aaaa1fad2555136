//! The `reference` rows: on each primitive, the shortest correct hand-written
//! fan-out/fan-in, with no contract around it (no stop flag, no panic capture, no early
//! drop), so that the engines' own cost shows as a ratio measured in the same run.
//!
//! Each is a `thread::scope` with a feeder thread, the primitive's queues, `workers`
//! workers, and the caller's thread as the consumer.

mod crossbeam;
mod flume;
mod rayon;
mod std;
mod tokio;

pub use self::crossbeam::CrossbeamReference;
pub use self::flume::FlumeReference;
pub use self::rayon::RayonReference;
pub(crate) use self::rayon::{rayon_pool, rayon_worker};
pub use self::std::StdReference;
pub use self::tokio::TokioReference;
