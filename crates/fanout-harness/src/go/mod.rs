//! The seed itself, in Go: the program in `benches/go/`, built with the `go` toolchain and
//! driven as a child process, so that Go's goroutines and channels are measured on the
//! same work, on the same machine and in the same run as the Rust ports.
//!
//! [`GoProgram::build`] builds it, or says how to install Go; a [`GoTrial`] is one Go row
//! on one workload with one shape, as a [`Trial`](crate::Trial) is for a Rust row. Its
//! process starts when the trial is made; each run is timed inside the Go program, from
//! its first item to its last result, and checked there for exactly-once delivery, so
//! that the pipe between the processes is never inside a timing.

mod program;
mod request;
mod server;
mod trial;

pub use program::{GoError, GoProgram, INSTALL_GO};
pub use request::runs_in_go;
pub use trial::GoTrial;

/// One of the Go program's topologies, as a row of the benches.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct GoRow {
    /// The row's name in benches, records and charts.
    pub name: &'static str,
    /// The topology the Go program runs for it.
    topology: &'static str,
}

/// The seed's `RunFan` as the seed wrote it: one shared job channel, a result channel per
/// worker, a forwarding goroutine per worker into one output channel.
pub const GO_SEED: GoRow = GoRow {
    name: "go-seed",
    topology: "seed",
};

/// The worker pool a Go programmer writes: workers sharing one job channel and one
/// result channel, what the seed's per-worker result channels are judged against.
pub const GO_POOL: GoRow = GoRow {
    name: "go-pool",
    topology: "pool",
};

/// Items dealt round robin to the workers in advance, as the Rust `static-split` row:
/// what the seed's load-balancing claim is judged against.
pub const GO_STATIC_SPLIT: GoRow = GoRow {
    name: "go-static-split",
    topology: "static-split",
};

/// The Go rows every throughput workload measures: the seed and the pool.
pub const COMPARED_GO_ROWS: [GoRow; 2] = [GO_SEED, GO_POOL];

/// Every Go row.
pub const GO_ROWS: [GoRow; 3] = [GO_SEED, GO_POOL, GO_STATIC_SPLIT];

/// The queue capacity the Go rows run at unless a bench sweeps it: the seed's channels
/// are unbuffered (`make(chan Result)`), and the pool is given the same, so that the two
/// differ only in their result channels.
pub const SEED_CAPACITY: usize = 0;

impl GoRow {
    /// The Go row named `name`, if there is one.
    pub fn named(name: &str) -> Option<GoRow> {
        GO_ROWS.into_iter().find(|row| row.name == name)
    }
}

/// Whether `name` is one of the Go rows.
pub fn is_go_row(name: &str) -> bool {
    GoRow::named(name).is_some()
}
