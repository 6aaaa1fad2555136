//! [`WaitGroup`]: Go's `sync.WaitGroup`, as the seed uses it, for tasks that are not threads.

use std::sync::PoisonError;

use crate::sync::{Arc, Condvar, Mutex};

/// Counts live clones; [`wait`](WaitGroup::wait) blocks until every other clone is dropped.
///
/// Each task of a run holds a clone and drops it when it ends (also when it unwinds), so
/// `wait` returns once all of them have ended, as Go's `wg.Wait()` after `defer wg.Done()`.
#[derive(Debug)]
pub struct WaitGroup {
    shared: Arc<Shared>,
}

#[derive(Debug, Default)]
struct Shared {
    live: Mutex<usize>,
    all_done: Condvar,
}

impl WaitGroup {
    /// A group of one: this handle.
    pub fn new() -> WaitGroup {
        let shared = Arc::new(Shared::default());
        *shared.live.lock().unwrap_or_else(PoisonError::into_inner) = 1;
        WaitGroup { shared }
    }

    /// Drops this handle and blocks until every other clone has been dropped.
    pub fn wait(self) {
        let shared = Arc::clone(&self.shared);
        drop(self);
        let mut live = shared.live.lock().unwrap_or_else(PoisonError::into_inner);
        while *live > 0 {
            live = shared
                .all_done
                .wait(live)
                .unwrap_or_else(PoisonError::into_inner);
        }
    }
}

impl Default for WaitGroup {
    fn default() -> WaitGroup {
        WaitGroup::new()
    }
}

impl Clone for WaitGroup {
    fn clone(&self) -> WaitGroup {
        *self
            .shared
            .live
            .lock()
            .unwrap_or_else(PoisonError::into_inner) += 1;
        WaitGroup {
            shared: Arc::clone(&self.shared),
        }
    }
}

impl Drop for WaitGroup {
    fn drop(&mut self) {
        let mut live = self
            .shared
            .live
            .lock()
            .unwrap_or_else(PoisonError::into_inner);
        *live -= 1;
        if *live == 0 {
            self.shared.all_done.notify_all();
        }
    }
}

impl super::RunWorkers for Option<WaitGroup> {
    fn wait_stopped(&mut self) {
        if let Some(group) = self.take() {
            group.wait();
        }
    }
}
