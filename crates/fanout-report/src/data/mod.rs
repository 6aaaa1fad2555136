//! [`Results`]: a bench run's figures understood, and the questions every chart and table
//! asks of them (which workloads, which row at workers = cores, how it scales).

pub(crate) mod async_work;
pub(crate) mod costs;
pub(crate) mod decision;
pub(crate) mod distributed;
pub(crate) mod efficiency_capacity;
pub(crate) mod go;
pub(crate) mod group;
pub(crate) mod interval;
pub(crate) mod latency;
pub(crate) mod machine;
pub(crate) mod measures;
pub(crate) mod modes;
pub(crate) mod rows;
pub(crate) mod scenarios;
pub(crate) mod timing;

use fanout_harness::measure::{DecisionCell, Scaling, WakeUp};

use crate::error::Error;
use crate::input::{AdaptiveTargets, BenchOutput};
use costs::PairedCost;
use distributed::DistributedPoint;
use efficiency_capacity::CapacityEfficiency;
use fanout_harness::measure::Ideal;
use go::GoPairing;
use group::Group;
use latency::LatencyRow;
use machine::Machine;
use measures::MeasureRow;
use timing::Timing;

/// Every figure of one bench run, and where it was measured.
#[derive(Debug)]
pub(crate) struct Results {
    /// Criterion's timings, by group, row (the registry's order) and workers.
    pub(crate) timings: Vec<Timing>,
    /// The latency bench's figures, one per row.
    pub(crate) latency: Vec<LatencyRow>,
    /// The measures bench's figures, one per row and workload.
    pub(crate) measures: Vec<MeasureRow>,
    /// The contract bench's paired costs, one per engine and workload.
    pub(crate) paired_costs: Vec<PairedCost>,
    /// The efficiency-capacity bench's figures: efficiency by queue capacity.
    pub(crate) efficiency_by_capacity: Vec<CapacityEfficiency>,
    /// The async bench's mean time of one timer sleep, in nanoseconds: the divisor of
    /// its Little's-law ideal.
    pub(crate) mean_sleep: Option<f64>,
    /// The distributed bench's figures, least work per item first.
    pub(crate) distributed: Vec<DistributedPoint>,
    /// The `go` bench's paired comparisons of the Go rows with Rust rows.
    pub(crate) go_pairings: Vec<GoPairing>,
    /// The decision bench's cells: every candidate's time in every round.
    pub(crate) decision_cells: Vec<DecisionCell>,
    /// What waking a sleeping thread costs on the machine, as the decision bench measured.
    pub(crate) wake_up: Option<WakeUp>,
    /// The `batching` bench's verdicts on the adaptive engine's targets, as it wrote them.
    pub(crate) adaptive_targets: Option<AdaptiveTargets>,
    /// The provenance.
    pub(crate) machine: Machine,
    /// Criterion benchmarks left out as left over from an earlier run.
    pub(crate) stale: Vec<String>,
}

impl Results {
    /// Understands what a bench run left.
    pub(crate) fn of(output: BenchOutput) -> Result<Results, Error> {
        let mut timings = Vec::new();
        for estimate in &output.estimates {
            timings.extend(Timing::from_estimate(estimate)?);
        }
        // Group, then the registry's row order, then workers: the order of every table.
        timings.sort_by_cached_key(|timing| {
            (
                timing.group.to_string(),
                rows::order(&timing.row),
                timing.row.clone(),
                timing.workers,
            )
        });
        let machine = Machine::of(
            output
                .latency
                .iter()
                .chain(&output.measures)
                .chain(&output.contract)
                .chain(&output.efficiency_capacity)
                .chain(&output.batching)
                .chain(&output.asynchronous)
                .chain(&output.distributed)
                .chain(&output.go)
                .map(|record| &record.provenance)
                .chain(output.decision.iter().map(|cell| &cell.provenance)),
        );
        Ok(Results {
            timings,
            latency: latency::gather(&output.latency),
            measures: measures::gather(&output.measures),
            paired_costs: costs::gather_paired(&output.contract),
            efficiency_by_capacity: efficiency_capacity::gather(&output.efficiency_capacity),
            mean_sleep: async_work::mean_sleep(&output.asynchronous),
            distributed: distributed::gather(&output.distributed),
            go_pairings: go::gather(&output.go),
            decision_cells: output.decision,
            wake_up: output.machine.into_iter().last(),
            adaptive_targets: output.adaptive_targets,
            machine,
            stale: output.stale,
        })
    }

    /// Logical cores of the measuring machine.
    pub(crate) fn cores(&self) -> usize {
        self.machine.cores()
    }

    /// The timings of one group.
    pub(crate) fn in_group(&self, group: &Group) -> impl Iterator<Item = &Timing> + use<'_> {
        let group = group.clone();
        self.timings
            .iter()
            .filter(move |timing| timing.group == group)
    }

    /// The workloads of the throughput groups, in the benches' order.
    pub(crate) fn workloads(&self) -> Vec<String> {
        let mut names = self.names(|group| match group {
            Group::Throughput(workload) => Some(workload.clone()),
            _ => None,
        });
        names.sort_by_key(|name| group::workload_order(name));
        names
    }

    /// The workloads of the async groups, in the async bench's order.
    pub(crate) fn async_workloads(&self) -> Vec<String> {
        let mut names = self.names(|group| match group {
            Group::Async(workload) => Some(workload.clone()),
            _ => None,
        });
        names.sort_by_key(|name| group::async_workload_order(name));
        names
    }

    /// The capacities of the capacity groups, smallest first.
    pub(crate) fn capacities(&self) -> Vec<usize> {
        let mut capacities = self.names(|group| match group {
            Group::Capacity(capacity) => Some(*capacity),
            _ => None,
        });
        capacities.sort_unstable();
        capacities
    }

    /// The workloads of the payload groups, smallest items first.
    pub(crate) fn payloads(&self) -> Vec<String> {
        let mut names = self.names(|group| match group {
            Group::Payload(workload) => Some(workload.clone()),
            _ => None,
        });
        names.sort_by_key(|name| (group::payload_bytes(name), name.clone()));
        names
    }

    /// The start-up groups (`new-engine`, `warm-engine`).
    pub(crate) fn startups(&self) -> Vec<String> {
        let mut names = self.names(|group| match group {
            Group::Startup(start) => Some(start.clone()),
            _ => None,
        });
        names.sort();
        names
    }

    fn names<T: PartialEq>(&self, pick: impl Fn(&Group) -> Option<T>) -> Vec<T> {
        let mut names = Vec::new();
        for timing in &self.timings {
            if let Some(name) = pick(&timing.group)
                && !names.contains(&name)
            {
                names.push(name);
            }
        }
        names
    }

    /// The rows measured in `group`, in the registry's order.
    pub(crate) fn rows_in(&self, group: &Group) -> Vec<&str> {
        let mut names: Vec<&str> = Vec::new();
        for timing in self.in_group(group) {
            if !names.contains(&timing.row.as_str()) {
                names.push(&timing.row);
            }
        }
        rows::sort(&mut names);
        names
    }

    /// `row` in `group` at workers = cores, or failing that at the most workers below the
    /// cores, or the fewest above: the shape every engine is compared at. `sequential`
    /// has one worker count, so it is that one.
    pub(crate) fn at_cores(&self, group: &Group, row: &str) -> Option<&Timing> {
        let cores = self.cores();
        let candidates = self.in_group(group).filter(|timing| timing.row == row);
        candidates.min_by_key(|timing| {
            if timing.workers <= cores {
                (0, cores - timing.workers)
            } else {
                (1, timing.workers - cores)
            }
        })
    }

    /// The `sequential` row of `group`.
    pub(crate) fn sequential(&self, group: &Group) -> Option<&Timing> {
        self.in_group(group)
            .find(|timing| timing.row == rows::SEQUENTIAL_ROW)
    }

    /// How `timing` scales against its group's `sequential` run of the same items, its
    /// efficiency measured against the ideal of its workload ([`Results::ideal`]).
    pub(crate) fn scaling(&self, timing: &Timing) -> Option<Scaling> {
        let sequential = self.sequential(&timing.group)?;
        (sequential.items == timing.items).then(|| {
            Scaling::of(
                sequential.elapsed(),
                timing.elapsed(),
                timing.workers,
                self.cores(),
                self.ideal(&timing.group),
            )
        })
    }

    /// `timing`'s throughput over its group's `sequential` throughput on the same items,
    /// with the interval of both medians: the speed-up verdicts judge.
    pub(crate) fn speed_up(&self, timing: &Timing) -> Option<interval::Interval> {
        let sequential = self.sequential(&timing.group)?;
        (sequential.items == timing.items).then(|| timing.rate().over(sequential.rate()))
    }

    /// `timing`'s efficiency (speed-up over the ideal's parallelism) with the interval of
    /// its speed-up: the figure of [`Results::scaling`], with its spread.
    pub(crate) fn efficiency(&self, timing: &Timing) -> Option<interval::Interval> {
        let parallelism = self
            .ideal(&timing.group)
            .parallelism(timing.workers, self.cores());
        let speed_up = self.speed_up(timing)?;
        (parallelism > 0).then(|| speed_up.scaled(1.0 / parallelism as f64))
    }

    /// Perfect scaling in `group`: set by its workload, CPU work where it names none.
    pub(crate) fn ideal(&self, group: &Group) -> Ideal {
        match group {
            Group::Throughput(workload)
            | Group::Payload(workload)
            | Group::CapacityOn(_, workload)
            | Group::Async(workload) => Ideal::of_name(workload),
            Group::Capacity(_) | Group::Startup(_) => Ideal::UsableCores,
        }
    }

    /// The latency figures of `row`.
    pub(crate) fn latency_of(&self, row: &str) -> Option<&LatencyRow> {
        self.latency.iter().find(|latency| latency.row == row)
    }
}
