//! The CSV tables of criterion's groups (throughput, capacity, payload, start-up): every
//! timed figure with the ends of its 95% interval beside it, and a bimodal figure flagged
//! with its two modes.

use serde::Serialize;

use crate::data::Results;
use crate::data::group::{self, Group};
use crate::data::interval::Interval;
use crate::data::rows;
use crate::data::timing::Timing;
use crate::output::csv::Table;
use crate::output::csv_rows::table_of;

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
    nanos_per_run: f64,
    nanos_per_run_low: f64,
    nanos_per_run_high: f64,
    items_per_second: f64,
    items_per_second_low: f64,
    items_per_second_high: f64,
}

impl Timed {
    fn of(timing: &Timing) -> Timed {
        let rate = timing.rate();
        Timed {
            nanos_per_run: timing.nanos,
            nanos_per_run_low: timing.median.low,
            nanos_per_run_high: timing.median.high,
            items_per_second: rate.value,
            items_per_second_low: rate.low,
            items_per_second_high: rate.high,
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
    nanos_per_item: f64,
    nanos_per_item_low: f64,
    nanos_per_item_high: f64,
    speed_up: Option<f64>,
    speed_up_low: Option<f64>,
    speed_up_high: Option<f64>,
    efficiency: Option<f64>,
    efficiency_low: Option<f64>,
    efficiency_high: Option<f64>,
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
            let per_item = timing.nanos_per_item_interval();
            let speed_up = results.speed_up(timing);
            let efficiency = results.efficiency(timing);
            table.push(ThroughputRow {
                workload,
                row: &timing.row,
                kind: rows::kind_label(&timing.row),
                workers: timing.workers,
                items: timing.items,
                timed: Timed::of(timing),
                nanos_per_item: per_item.value,
                nanos_per_item_low: per_item.low,
                nanos_per_item_high: per_item.high,
                speed_up: speed_up.map(|figure| figure.value),
                speed_up_low: speed_up.map(|figure| figure.low),
                speed_up_high: speed_up.map(|figure| figure.high),
                efficiency: efficiency.map(|figure| figure.value),
                efficiency_low: efficiency.map(|figure| figure.low),
                efficiency_high: efficiency.map(|figure| figure.high),
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
    nanos_to_first_result: f64,
    nanos_to_first_result_low: f64,
    nanos_to_first_result_high: f64,
    #[serde(flatten)]
    bimodal: Bimodal,
}

/// `startup.csv`: every row's time to its first result.
pub(crate) fn startup(results: &Results) -> Result<Table, serde_json::Error> {
    let mut table = Vec::new();
    let starts = results.startups();
    for start in &starts {
        for timing in results.in_group(&Group::Startup(start.clone())) {
            let Interval { value, low, high } = timing.median;
            table.push(StartupRow {
                start,
                row: &timing.row,
                workers: timing.workers,
                nanos_to_first_result: value,
                nanos_to_first_result_low: low,
                nanos_to_first_result_high: high,
                bimodal: Bimodal::of(timing),
            });
        }
    }
    table_of(&table)
}
