//! What fanout's benches and its `compare` command share: workloads, the registry of rows
//! (engines, hand-written references, baselines), measures, and JSON records.
//!
//! A [`Trial`] is one row on one workload with one shape, built once (pools and runtimes
//! start outside every timing) and run many times. Every run checks that it delivered
//! exactly one result per item: a run that lost or duplicated one returns an error, never
//! a number.
//!
//! ```
//! use fanout_core::FanConfig;
//! use fanout_harness::measure::{Ideal, Scaling};
//! use fanout_harness::{Trial, Workload};
//!
//! let workload: Workload = "spin-1us".parse()?;
//! let config = FanConfig::new(2)?;
//! let sequential = Trial::new("sequential", workload, config.clone())?.throughput(2_000)?;
//! let crossbeam = Trial::new("crossbeam", workload, config)?.throughput(2_000)?;
//! let cores = fanout_harness::logical_cores();
//! let scaling = Scaling::of(sequential.elapsed, crossbeam.elapsed, 2, cores, Ideal::of(workload));
//! println!("crossbeam: {:.0} items/s, speed-up {:.2}", crossbeam.items_per_second(), scaling.speed_up);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

pub mod format;
pub mod go;
pub mod measure;
mod provenance;
mod record;
pub mod rows;
mod trial;
mod workload;

pub use provenance::{Provenance, logical_cores};
pub use record::{Record, Subject, read_json_lines, write_json_lines};
pub use trial::{LatencyMeasures, Pacing, RunMeasures, Trial, UnknownRow};
pub use workload::{
    PayloadSize, RARE_HEAVY, RARE_LIGHT, RARE_PERIOD, UnknownWorkload, WireItem, Workload,
    WorkloadJob, calibrated_spin_iterations, spin, workload_jobs,
};
