//! The CSV tables of criterion's groups (throughput, capacity, payload, start-up, async): every
//! timed figure with the ends of its 95% interval beside it, and a bimodal figure flagged
//! with its two modes.

use serde::Serialize;

use crate::data::Results;
use crate::data::async_work::{SLEEP_WORKLOAD, concurrency_unit, littles_law_ideal};
use crate::data::group::{self, Group};
use crate::data::rows;
use crate::data::timing::Timing;
use crate::output::csv::Table;
use crate::output::csv_rows::{Ends, table_of};

/// Whether a timing's samples fell in two groups, and the time of one run in each.
#[derive(Serialize)]
struct Bimodal {
    bimodal: bool,
    bimodal_low_mode_nanos_per_run: Option<f64>,
    bimodal_high_mode_nanos_per_run: Option<f64>,
}

impl Bimodal {
    fn of(timing: &Timing) -> Bimodal {
        Bimodal {
            bimodal: timing.modes.is_some(),
            bimodal_low_mode_nanos_per_run: timing.modes.map(|modes| modes.low),
            bimodal_high_mode_nanos_per_run: timing.modes.map(|modes| modes.high),
        }
    }
}

/// The figures every criterion timing carries: time per run and items per second, each
/// with its interval (for a bimodal figure, stretched over both modes).
#[derive(Serialize)]
struct Timed {
    #[serde(flatten)]
    nanos_per_run: Ends,
    #[serde(flatten)]
    items_per_second: Ends,
}

impl Timed {
    fn of(timing: &Timing) -> Timed {
        Timed {
            nanos_per_run: Ends("nanos_per_run", Some(timing.median)),
            items_per_second: Ends("items_per_second", Some(timing.rate())),
        }
    }
}

#[derive(Serialize)]
struct ThroughputRow<'a> {
    workload: &'a str,
    row: &'a str,
    kind: &'static str,
    workers: usize,
    items: u64,
    #[serde(flatten)]
    timed: Timed,
    #[serde(flatten)]
    nanos_per_item: Ends,
    #[serde(flatten)]
    speed_up: Ends,
    #[serde(flatten)]
    efficiency: Ends,
    efficiency_ideal: &'static str,
    #[serde(flatten)]
    bimodal: Bimodal,
}

/// `throughput.csv`: every row at every worker count of every workload.
pub(crate) fn throughput(results: &Results) -> Result<Table, serde_json::Error> {
    let mut table = Vec::new();
    let workloads = results.workloads();
    for workload in &workloads {
        let group = Group::Throughput(workload.clone());
        let ideal = results.ideal(&group);
        for timing in results.in_group(&group) {
            table.push(ThroughputRow {
                workload,
                row: &timing.row,
                kind: rows::kind_label(&timing.row),
                workers: timing.workers,
                items: timing.items,
                timed: Timed::of(timing),
                nanos_per_item: Ends("nanos_per_item", Some(timing.nanos_per_item_interval())),
                speed_up: Ends("speed_up", results.speed_up(timing)),
                efficiency: Ends("efficiency", results.efficiency(timing)),
                efficiency_ideal: ideal.key(),
                bimodal: Bimodal::of(timing),
            });
        }
    }
    table_of(&table)
}

/// The columns every timed row of a group has, after the group's own.
#[derive(Serialize)]
struct TimedRow<'a> {
    row: &'a str,
    kind: &'static str,
    workers: usize,
    items: u64,
    #[serde(flatten)]
    timed: Timed,
    #[serde(flatten)]
    bimodal: Bimodal,
}

impl<'a> TimedRow<'a> {
    fn of(timing: &'a Timing) -> TimedRow<'a> {
        TimedRow {
            row: &timing.row,
            kind: rows::kind_label(&timing.row),
            workers: timing.workers,
            items: timing.items,
            timed: Timed::of(timing),
            bimodal: Bimodal::of(timing),
        }
    }
}

#[derive(Serialize)]
struct CapacityRow<'a> {
    capacity: usize,
    #[serde(flatten)]
    timed: TimedRow<'a>,
}

/// `capacity.csv`: every row at every queue capacity.
pub(crate) fn capacity(results: &Results) -> Result<Table, serde_json::Error> {
    let mut table = Vec::new();
    for capacity in results.capacities() {
        for timing in results.in_group(&Group::Capacity(capacity)) {
            table.push(CapacityRow {
                capacity,
                timed: TimedRow::of(timing),
            });
        }
    }
    table_of(&table)
}

#[derive(Serialize)]
struct PayloadRow<'a> {
    payload: &'a str,
    payload_bytes: Option<usize>,
    #[serde(flatten)]
    timed: TimedRow<'a>,
}

/// `payload.csv`: every row at every payload size.
pub(crate) fn payload(results: &Results) -> Result<Table, serde_json::Error> {
    let mut table = Vec::new();
    let payloads = results.payloads();
    for payload in &payloads {
        for timing in results.in_group(&Group::Payload(payload.clone())) {
            table.push(PayloadRow {
                payload,
                payload_bytes: group::payload_bytes(payload),
                timed: TimedRow::of(timing),
            });
        }
    }
    table_of(&table)
}

#[derive(Serialize)]
struct StartupRow<'a> {
    start: &'a str,
    row: &'a str,
    workers: usize,
    #[serde(flatten)]
    nanos_to_first_result: Ends,
    #[serde(flatten)]
    bimodal: Bimodal,
}

/// `startup.csv`: every row's time to its first result.
pub(crate) fn startup(results: &Results) -> Result<Table, serde_json::Error> {
    let mut table = Vec::new();
    let starts = results.startups();
    for start in &starts {
        for timing in results.in_group(&Group::Startup(start.clone())) {
            table.push(StartupRow {
                start,
                row: &timing.row,
                workers: timing.workers,
                nanos_to_first_result: Ends("nanos_to_first_result", Some(timing.median)),
                bimodal: Bimodal::of(timing),
            });
        }
    }
    table_of(&table)
}

#[derive(Serialize)]
struct AsyncRow<'a> {
    workload: &'a str,
    #[serde(flatten)]
    timed: TimedRow<'a>,
    /// What `workers` counts: futures in progress or threads.
    workers_are: &'static str,
    littles_law_ideal_items_per_second: Option<f64>,
    #[serde(flatten)]
    share_of_ideal: Ends,
}

/// `async.csv`: every row of the async bench at every concurrency, and on the timer sleep
/// each async row's share of Little's law's ideal.
pub(crate) fn asynchronous(results: &Results) -> Result<Table, serde_json::Error> {
    let mut table = Vec::new();
    let workloads = results.async_workloads();
    for workload in &workloads {
        let mean_sleep = results.mean_sleep.filter(|_| workload == SLEEP_WORKLOAD);
        for timing in results.in_group(&Group::Async(workload.clone())) {
            // The ideal divides by the timer's sleep: threads sleep on the OS's instead.
            let ideal = mean_sleep
                .filter(|_| rows::is_async(&timing.row))
                .map(|mean| littles_law_ideal(timing.workers as f64, mean));
            table.push(AsyncRow {
                workload,
                timed: TimedRow::of(timing),
                workers_are: concurrency_unit(&timing.row),
                littles_law_ideal_items_per_second: ideal,
                share_of_ideal: Ends(
                    "share_of_ideal",
                    ideal.map(|ideal| timing.rate().scaled(1.0 / ideal)),
                ),
            });
        }
    }
    table_of(&table)
}
