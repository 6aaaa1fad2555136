//! The seed's work item and result types, its item generator and its processing step.

/// A worker's number within one engine: `1..=workers`, as the seed numbers its goroutines.
pub type WorkerId = usize;

/// One unit of work, as in the seed (`WorkItem{ID, Data}`).
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct WorkItem {
    /// The item's number; [`generate_work_items`] counts from 1.
    pub id: u64,
    /// The item's payload; [`generate_work_items`] writes `item-{id}`.
    pub data: String,
}

/// What a worker made of one [`WorkItem`], as in the seed (`Result{OriginalID, Processed, WorkerID}`).
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct WorkResult {
    /// The [`WorkItem::id`] this result came from.
    pub original_id: u64,
    /// The processed payload: `processed-{data}-by-worker-{worker}`.
    pub processed: String,
    /// The worker that processed the item.
    pub worker_id: WorkerId,
}

impl WorkItem {
    /// The seed's processing step: `processed-{data}-by-worker-{worker}`.
    ///
    /// ```
    /// use fanout_core::WorkItem;
    /// let item = WorkItem { id: 7, data: "item-7".into() };
    /// assert_eq!(item.process(2).processed, "processed-item-7-by-worker-2");
    /// ```
    pub fn process(&self, worker: WorkerId) -> WorkResult {
        WorkResult {
            original_id: self.id,
            processed: format!("processed-{}-by-worker-{}", self.data, worker),
            worker_id: worker,
        }
    }
}

/// The seed's `generateWorkItems`: ids `1..=n`, data `item-{id}`, made lazily one at a time.
///
/// ```
/// let items: Vec<_> = fanout_core::generate_work_items(2).collect();
/// assert_eq!(items[1].id, 2);
/// assert_eq!(items[1].data, "item-2");
/// ```
pub fn generate_work_items(n: usize) -> impl Iterator<Item = WorkItem> + Send + 'static {
    (1..=n as u64).map(|id| WorkItem {
        id,
        data: format!("item-{id}"),
    })
}
