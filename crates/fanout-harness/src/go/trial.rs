//! [`GoTrial`]: one Go row on one workload with one shape, run many times.

use std::time::Duration;

use fanout_core::FanConfig;

use super::GoRow;
use super::program::{GoError, GoProgram};
use super::request::{Request, Work};
use super::server::GoServer;
use crate::trial::RunMeasures;
use crate::workload::Workload;

/// A Go row ready to run: its process is started when the trial is made, outside every
/// timing, as a Rust row's pool is.
pub struct GoTrial {
    row: GoRow,
    workload: Workload,
    config: FanConfig,
    work: Work,
    server: GoServer,
}

impl std::fmt::Debug for GoTrial {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("GoTrial")
            .field("row", &self.row.name)
            .field("workload", &self.workload)
            .field("config", &self.config)
            .finish()
    }
}

impl GoTrial {
    /// Starts `program` for `row` on `workload` with `config`'s workers and capacity.
    pub fn new(
        program: &GoProgram,
        row: GoRow,
        workload: Workload,
        config: FanConfig,
    ) -> Result<GoTrial, GoError> {
        let work = Work::of(workload).ok_or_else(|| GoError::Unsupported(workload.to_string()))?;
        Ok(GoTrial {
            row,
            workload,
            config,
            work,
            server: GoServer::start(program)?,
        })
    }

    /// The row measured.
    pub fn row(&self) -> GoRow {
        self.row
    }

    /// The workload measured.
    pub fn workload(&self) -> Workload {
        self.workload
    }

    /// The shape measured.
    pub fn config(&self) -> &FanConfig {
        &self.config
    }

    /// One run of `items` items, as fast as they go, timed by the Go program from its
    /// first item to its last result. A run that lost or duplicated an item is
    /// [`GoError::LostOrDuplicated`]; CPU time and memory are not measured.
    pub fn throughput(&mut self, items: usize) -> Result<RunMeasures, GoError> {
        let request = Request {
            topology: self.row.topology,
            workers: self.config.workers.get(),
            capacity: self.config.capacity,
            items,
            work: self.work,
        };
        let reply = self.server.ask(&request)?;
        if let Some(why) = reply.error {
            return Err(GoError::Refused(why));
        }
        if let Some(failure) = reply.failure {
            return Err(GoError::LostOrDuplicated(failure));
        }
        Ok(RunMeasures {
            items,
            elapsed: Duration::from_nanos(reply.elapsed_nanos),
            per_worker: reply.per_worker.unwrap_or_default(),
            cpu: None,
            peak_rss: None,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::go::{GO_ROWS, SEED_CAPACITY};

    /// The Go program built into a folder of the test's own, or `None` (with the line
    /// saying how to install Go) where there is no `go` on PATH.
    fn program(test: &str) -> Option<GoProgram> {
        let folder = std::env::temp_dir().join(format!("fanout-go-{test}-{}", std::process::id()));
        match GoProgram::build(&folder) {
            Ok(program) => Some(program),
            Err(GoError::NoToolchain) => {
                println!("skipped: {}", GoError::NoToolchain);
                None
            }
            Err(error) => panic!("{error}"),
        }
    }

    #[test]
    fn every_go_row_runs_every_go_workload_exactly_once() {
        let Some(program) = program("rows") else {
            return;
        };
        for row in GO_ROWS {
            for workload in ["noop", "seed", "spin-1us", "skewed", "sleep-10us"] {
                let workload: Workload = workload.parse().unwrap();
                for (workers, capacity) in [(1, SEED_CAPACITY), (3, 6)] {
                    let config = FanConfig::new(workers).unwrap().with_capacity(capacity);
                    let mut trial = GoTrial::new(&program, row, workload, config).unwrap();
                    let run = trial.throughput(300).unwrap();
                    assert_eq!(run.items, 300);
                    assert!(run.elapsed > Duration::ZERO, "{row:?} {workload}");
                    assert_eq!(run.per_worker.len(), workers, "{row:?} {workload}");
                    assert_eq!(
                        run.per_worker.iter().sum::<u64>(),
                        300,
                        "{row:?} {workload}"
                    );
                }
            }
        }
        let _removed = std::fs::remove_dir_all(program.binary().parent().unwrap());
    }

    #[test]
    fn workloads_without_a_go_form_and_refused_shapes_are_errors() {
        let Some(program) = program("refusals") else {
            return;
        };
        let config = FanConfig::new(2).unwrap();
        let async_noop = GoTrial::new(&program, GO_ROWS[0], Workload::AsyncNoop, config.clone());
        assert!(matches!(async_noop, Err(GoError::Unsupported(_))));
        let mut huge = GoTrial::new(&program, GO_ROWS[0], Workload::Noop, config).unwrap();
        let error = huge.throughput(20_000_000).unwrap_err();
        assert!(
            error.to_string().contains("items must be from 0"),
            "{error}"
        );
        let _removed = std::fs::remove_dir_all(program.binary().parent().unwrap());
    }
}
