//! The async bench understood: the timer's mean sleep that the Little's-law ideal divides
//! by, and the questions its groups answer (the best row at a concurrency, a row's best
//! over its sweep), threads and async alike.

use fanout_harness::Record;

use crate::data::Results;
use crate::data::group::Group;
use crate::data::rows;
use crate::data::timing::Timing;

/// The workload whose futures wait on tokio's timer, and threads on a blocking sleep.
pub(crate) const SLEEP_WORKLOAD: &str = "async-sleep-1ms";
/// The workload that waits on real sockets: a request to a local echo server.
pub(crate) const SOCKET_WORKLOAD: &str = "tcp-echo";
/// CPU work inside async work, on the runtime's own threads.
pub(crate) const CPU_WORKLOAD: &str = "spin-10us";
/// The same CPU work moved off the runtime with `spawn_blocking`.
pub(crate) const OFF_RUNTIME_WORKLOAD: &str = "spawn-blocking-spin-10us";

/// The mean time of one `tokio::time::sleep(1ms)` in nanoseconds, as `async.jsonl`
/// records it, if it does.
pub(crate) fn mean_sleep(records: &[Record]) -> Option<f64> {
    records
        .iter()
        .find(|record| record.metric == "mean_sleep")
        .map(|record| record.value)
        .filter(|nanos| nanos.is_finite() && *nanos > 0.0)
}

/// Little's law: `concurrency` sleeps in progress, each taking `mean_sleep` nanoseconds,
/// complete at most `concurrency / mean_sleep` items per second.
pub(crate) fn littles_law_ideal(concurrency: f64, mean_sleep: f64) -> f64 {
    concurrency * 1e9 / mean_sleep
}

/// How a row is counted on the async charts and tables: futures or threads.
pub(crate) fn concurrency_unit(row: &str) -> &'static str {
    if rows::is_async(row) {
        "futures"
    } else {
        "threads"
    }
}

/// A timing's concurrency in words: `1 future`, `256 threads`.
pub(crate) fn concurrency_words(timing: &Timing) -> String {
    let unit = concurrency_unit(&timing.row);
    match timing.workers {
        1 => format!("1 {}", unit.trim_end_matches('s')),
        count => format!("{count} {unit}"),
    }
}

/// The concurrencies measured on `workload`, smallest first: futures for async rows,
/// threads for blocking rows.
pub(crate) fn concurrencies(results: &Results, workload: &str) -> Vec<usize> {
    let mut counts: Vec<usize> = results
        .in_group(&Group::Async(workload.to_owned()))
        .map(|timing| timing.workers)
        .collect();
    counts.sort_unstable();
    counts.dedup();
    counts
}

/// `row` on `workload` at `concurrency`.
pub(crate) fn at<'a>(
    results: &'a Results,
    workload: &str,
    row: &str,
    concurrency: usize,
) -> Option<&'a Timing> {
    results
        .in_group(&Group::Async(workload.to_owned()))
        .find(|timing| timing.row == row && timing.workers == concurrency)
}

/// The fastest of the rows `pick` takes on `workload` at `concurrency`, by median.
pub(crate) fn best_at<'a>(
    results: &'a Results,
    workload: &str,
    concurrency: usize,
    pick: impl Fn(&str) -> bool,
) -> Option<&'a Timing> {
    results
        .in_group(&Group::Async(workload.to_owned()))
        .filter(|timing| timing.workers == concurrency && pick(&timing.row))
        .max_by(|a, b| a.items_per_second().total_cmp(&b.items_per_second()))
}

/// `row`'s fastest figure on `workload` over its whole sweep, by median.
pub(crate) fn best_of_row<'a>(
    results: &'a Results,
    workload: &str,
    row: &str,
) -> Option<&'a Timing> {
    results
        .in_group(&Group::Async(workload.to_owned()))
        .filter(|timing| timing.row == row)
        .max_by(|a, b| a.items_per_second().total_cmp(&b.items_per_second()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_ideal_is_concurrency_over_the_mean_sleep() {
        // 1024 sleeps of 1.25 ms in progress complete 819,200 a second at most.
        assert_eq!(littles_law_ideal(1024.0, 1_250_000.0), 819_200.0);
        assert_eq!(concurrency_unit("tokio-tasks"), "futures");
        assert_eq!(concurrency_unit("crossbeam"), "threads");
    }
}
