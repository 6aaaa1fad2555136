//! [`MeasureRow`]: one row's records from `measures.jsonl` gathered: items per worker,
//! their spread, CPU time per item and peak memory.

use fanout_harness::Record;

/// The workload the `measures` bench names its endless input by: its peak memory after a
/// number of results, a question of its own that no table here answers.
const ENDLESS_WORKLOAD: &str = "endless-1KiB";

/// What the `measures` bench recorded for one row on one workload.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct MeasureRow {
    /// The row.
    pub(crate) row: String,
    /// The workload.
    pub(crate) workload: String,
    /// Workers.
    pub(crate) workers: usize,
    /// Items per run.
    pub(crate) items: usize,
    /// Items per second over the runs.
    pub(crate) items_per_second: Option<f64>,
    /// CPU seconds (user and system) per item.
    pub(crate) cpu_seconds_per_item: Option<f64>,
    /// Peak resident memory, in bytes.
    pub(crate) peak_rss: Option<f64>,
    /// Standard deviation over mean of the items each worker took.
    pub(crate) fairness_cv: Option<f64>,
    /// Items each worker took per run, as (worker, items), worker 1 first.
    pub(crate) worker_items: Vec<(usize, f64)>,
}

impl MeasureRow {
    /// Each worker's share of the items, as (worker, fraction of all items).
    pub(crate) fn shares(&self) -> Vec<(usize, f64)> {
        let total: f64 = self.worker_items.iter().map(|&(_, items)| items).sum();
        if total <= 0.0 {
            return Vec::new();
        }
        self.worker_items
            .iter()
            .map(|&(worker, items)| (worker, items / total))
            .collect()
    }
}

/// Gathers `records` by row and workload; metrics it does not know are skipped.
pub(crate) fn gather(records: &[Record]) -> Vec<MeasureRow> {
    let mut rows: Vec<MeasureRow> = Vec::new();
    // The endless input's records, gathered here, would make rows with no figure at all.
    for record in records
        .iter()
        .filter(|record| record.workload != ENDLESS_WORKLOAD)
    {
        let index = rows
            .iter()
            .position(|row| row.row == record.engine && row.workload == record.workload)
            .unwrap_or_else(|| {
                rows.push(MeasureRow {
                    row: record.engine.clone(),
                    workload: record.workload.clone(),
                    workers: record.workers,
                    items: record.items,
                    items_per_second: None,
                    cpu_seconds_per_item: None,
                    peak_rss: None,
                    fairness_cv: None,
                    worker_items: Vec::new(),
                });
                rows.len() - 1
            });
        let row = &mut rows[index];
        let value = Some(record.value);
        match record.metric.as_str() {
            "items_per_second" => row.items_per_second = value,
            "cpu_seconds_per_item" => row.cpu_seconds_per_item = value,
            "peak_rss" => row.peak_rss = value,
            "fairness_cv" => row.fairness_cv = value,
            "worker_items" => {
                if let Some(worker) = record.worker {
                    row.worker_items.push((worker, record.value));
                }
            }
            _ => {}
        }
    }
    for row in &mut rows {
        row.worker_items.sort_by_key(|&(worker, _)| worker);
    }
    rows
}
