//! [`Deque`] and [`Thief`]: the items a participant of a run has pulled and not yet
//! started, which it takes from the front one at a time while the others, once idle, steal
//! from the same front.
//!
//! The engine ships crossbeam-deque's work-stealing queue (the one rayon runs on): the
//! owner takes an item with one uncontended atomic operation, and a steal moves up to half
//! of the items at once. crossbeam checks its own queue; the loom models check the engine's
//! protocol around it, on a stand-in with the same interface built from loom's `Mutex`.

#[cfg(not(loom))]
mod shipped {
    use crossbeam_deque::{Steal, Stealer, Worker};

    /// One participant's items, first in first out; only the owner pushes and takes.
    pub(crate) struct Deque<T>(Worker<T>);

    /// Another participant's way into a [`Deque`].
    pub(crate) struct Thief<T>(Stealer<T>);

    impl<T> Deque<T> {
        pub(crate) fn new() -> Deque<T> {
            Deque(Worker::new_fifo())
        }

        pub(crate) fn thief(&self) -> Thief<T> {
            Thief(self.0.stealer())
        }

        pub(crate) fn push(&self, item: T) {
            self.0.push(item);
        }

        /// The oldest item, if any is left.
        pub(crate) fn pop(&self) -> Option<T> {
            self.0.pop()
        }

        pub(crate) fn is_empty(&self) -> bool {
            self.0.is_empty()
        }
    }

    impl<T> Thief<T> {
        /// Moves half of the victim's items (at most [`super::STEAL_AT_MOST`]) into `into` and
        /// returns the first of them; `None` when the victim had none.
        pub(crate) fn steal_into(&self, into: &Deque<T>) -> Option<T> {
            // A steal pins crossbeam's epoch, and every so many pins scan every thread
            // registered with it; a look at the ends does neither.
            if self.0.is_empty() {
                return None;
            }
            loop {
                match self
                    .0
                    .steal_batch_with_limit_and_pop(&into.0, super::STEAL_AT_MOST)
                {
                    Steal::Success(item) => return Some(item),
                    Steal::Empty => return None,
                    Steal::Retry => std::hint::spin_loop(),
                }
            }
        }
    }

    impl<T> Clone for Thief<T> {
        fn clone(&self) -> Self {
            Thief(self.0.clone())
        }
    }
}

#[cfg(loom)]
mod stand_in {
    use std::collections::VecDeque;
    use std::sync::PoisonError;

    use fanout_core::sync::{Arc, Mutex};

    pub(crate) struct Deque<T>(Arc<Mutex<VecDeque<T>>>);

    pub(crate) struct Thief<T>(Arc<Mutex<VecDeque<T>>>);

    fn lock<T>(items: &Mutex<VecDeque<T>>) -> fanout_core::sync::MutexGuard<'_, VecDeque<T>> {
        items.lock().unwrap_or_else(PoisonError::into_inner)
    }

    impl<T> Deque<T> {
        pub(crate) fn new() -> Deque<T> {
            Deque(Arc::new(Mutex::new(VecDeque::new())))
        }

        pub(crate) fn thief(&self) -> Thief<T> {
            Thief(Arc::clone(&self.0))
        }

        pub(crate) fn push(&self, item: T) {
            lock(&self.0).push_back(item);
        }

        pub(crate) fn pop(&self) -> Option<T> {
            lock(&self.0).pop_front()
        }

        pub(crate) fn is_empty(&self) -> bool {
            lock(&self.0).is_empty()
        }
    }

    impl<T> Thief<T> {
        pub(crate) fn steal_into(&self, into: &Deque<T>) -> Option<T> {
            let mut stolen = {
                let mut victim = lock(&self.0);
                let half = victim.len().div_ceil(2).min(super::STEAL_AT_MOST);
                victim.drain(..half).collect::<VecDeque<T>>()
            };
            let first = stolen.pop_front()?;
            lock(&into.0).extend(stolen);
            Some(first)
        }
    }

    impl<T> Clone for Thief<T> {
        fn clone(&self) -> Self {
            Thief(Arc::clone(&self.0))
        }
    }
}

#[cfg(not(loom))]
pub(crate) use shipped::{Deque, Thief};

/// The most items one steal moves: half of a full batch at the default maximum, so that a
/// thief of cheap items steals again rarely (crossbeam's own default, 32, made the consumer
/// steal every few hundred nanoseconds on noop, contending with the owner each time).
const STEAL_AT_MOST: usize = 512;

/// Drops the items left in `deque` one at a time, each panic in a `Drop` recorded: once the
/// run has stopped nobody takes them, and dropping the deque itself would leave them to
/// whoever drops the last way into it.
pub(crate) fn drop_each<T>(control: &fanout_core::kit::RunControl, deque: &Deque<T>) {
    while let Some(item) = deque.pop() {
        control.call(move || drop(item));
    }
}
#[cfg(loom)]
pub(crate) use stand_in::{Deque, Thief};
