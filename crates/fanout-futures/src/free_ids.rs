//! [`FreeIds`]: the worker ids no work future holds, a stack touched by one poll at a time.

use std::sync::atomic::{AtomicUsize, Ordering::Relaxed};

use fanout_core::WorkerId;

/// The ids in `1..=workers` that no work future holds.
///
/// [`FreeIds::take`] runs in the map before `buffer_unordered`, [`FreeIds::give_back`] in
/// the map after it, and both only inside the output stream's `poll_next`, which its
/// `&mut self` makes one at a time; a poll on another thread comes after the runtime's
/// hand-off of the task, which orders it after this one. So the stack needs no lock: its
/// atomics, read and written with plain relaxed loads and stores and never a
/// read-modify-write, only make it `Sync` so that both maps can share it. That saves
/// the lock, the `Arc` and the lease per item that [`fanout_core::kit::WorkerIds`]
/// costs (a third of a ready future's whole cost). Were the two ever called at once,
/// an id could repeat, which the conformance suite checks, but memory stays safe.
pub(crate) struct FreeIds {
    /// How many of `ids` are free: `ids[..free]`.
    free: AtomicUsize,
    ids: Box<[AtomicUsize]>,
}

impl FreeIds {
    /// Every id in `1..=workers` free, 1 on top.
    pub(crate) fn new(workers: usize) -> FreeIds {
        FreeIds {
            free: AtomicUsize::new(workers),
            ids: (1..=workers).rev().map(AtomicUsize::new).collect(),
        }
    }

    /// Takes a free id; `buffer_unordered(workers)` holds at most `workers` futures, so
    /// there always is one.
    pub(crate) fn take(&self) -> WorkerId {
        let free = self.free.load(Relaxed);
        let top = free
            .checked_sub(1)
            .expect("buffer_unordered holds at most `workers` work futures");
        self.free.store(top, Relaxed);
        self.ids[top].load(Relaxed)
    }

    /// Gives `id` back, as its future's result leaves `buffer_unordered` and before it
    /// next takes an item.
    pub(crate) fn give_back(&self, id: WorkerId) {
        let free = self.free.load(Relaxed);
        self.ids[free].store(id, Relaxed);
        self.free.store(free + 1, Relaxed);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_come_back_last_in_first_out_within_one_to_workers() {
        let ids = FreeIds::new(3);
        assert_eq!([ids.take(), ids.take()], [1, 2]);
        ids.give_back(1);
        assert_eq!([ids.take(), ids.take()], [1, 3]);
    }
}
