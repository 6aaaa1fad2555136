//! [`EndlessPeak`]: an engine's peak memory after a number of results from an endless
//! input, from the `measures` bench, beside its in-flight bound: memory that the bound
//! holds stays flat however many results are taken.

use fanout_harness::Record;

/// The workload the `measures` bench names its endless input by.
pub(crate) const ENDLESS_WORKLOAD: &str = "endless-1KiB";

/// One engine after one number of results.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct EndlessPeak {
    /// The engine.
    pub(crate) engine: String,
    /// Workers.
    pub(crate) workers: usize,
    /// Results taken before the run was dropped.
    pub(crate) results: usize,
    /// Peak resident memory meanwhile, in bytes.
    pub(crate) peak_rss: f64,
    /// The engine's bound on items in flight, in items.
    pub(crate) in_flight_bound: Option<f64>,
}

/// Gathers the endless-input records of `measures.jsonl`, fewest results first.
pub(crate) fn gather(records: &[Record]) -> Vec<EndlessPeak> {
    let endless = || {
        records
            .iter()
            .filter(|record| record.workload == ENDLESS_WORKLOAD)
    };
    let mut peaks: Vec<EndlessPeak> = endless()
        .filter(|record| record.metric == "peak_rss_endless")
        .map(|record| EndlessPeak {
            engine: record.engine.clone(),
            workers: record.workers,
            results: record.items,
            peak_rss: record.value,
            in_flight_bound: endless()
                .find(|bound| {
                    bound.metric == "in_flight_bound"
                        && bound.engine == record.engine
                        && bound.items == record.items
                })
                .map(|bound| bound.value),
        })
        .collect();
    peaks.sort_by_key(|peak| peak.results);
    peaks
}
