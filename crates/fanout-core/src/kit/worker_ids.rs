//! [`WorkerIds`]: worker ids for engines whose workers are futures rather than threads.

use std::sync::PoisonError;

use crate::WorkerId;
use crate::sync::{Arc, Mutex};

/// The ids of the work futures in progress, as a free-list: a future takes the id handed
/// back last (or the next fresh one) and gives it back when it ends, so that
/// with at most `workers` futures in progress every id is in `1..=workers` and no two of
/// them hold the same one.
///
/// Fresh ids are made on demand, so an engine with a huge `workers` allocates nothing for
/// the ids it never uses. Clones share one free-list.
#[derive(Clone, Debug, Default)]
pub struct WorkerIds {
    state: Arc<Mutex<IdState>>,
}

#[derive(Debug, Default)]
struct IdState {
    handed_back: Vec<WorkerId>,
    fresh: WorkerId,
}

impl WorkerIds {
    /// No id taken yet.
    pub fn new() -> WorkerIds {
        WorkerIds::default()
    }

    /// Takes an id until the returned lease is dropped.
    pub fn lease(&self) -> IdLease {
        let mut state = self.state.lock().unwrap_or_else(PoisonError::into_inner);
        let id = match state.handed_back.pop() {
            Some(id) => id,
            None => {
                state.fresh += 1;
                state.fresh
            }
        };
        IdLease {
            id,
            ids: self.clone(),
        }
    }
}

/// One worker id, held by one work future in progress and given back when dropped.
#[derive(Debug)]
pub struct IdLease {
    id: WorkerId,
    ids: WorkerIds,
}

impl IdLease {
    /// The id held.
    pub fn id(&self) -> WorkerId {
        self.id
    }
}

impl Drop for IdLease {
    fn drop(&mut self) {
        let mut state = self
            .ids
            .state
            .lock()
            .unwrap_or_else(PoisonError::into_inner);
        state.handed_back.push(self.id);
    }
}

#[cfg(all(test, not(loom)))]
mod tests {
    use super::*;

    #[test]
    fn ids_are_reused_before_fresh_ones_are_made() {
        let ids = WorkerIds::new();
        let (first, second) = (ids.lease(), ids.lease());
        assert_eq!((first.id(), second.id()), (1, 2));
        drop(first);
        let third = ids.lease();
        assert_eq!(third.id(), 1);
        assert_eq!(ids.lease().id(), 3);
    }
}
