//! A bounded channel of one slot for the models of a whole run: the kit's consumer's end
//! needs a queue whose sender can wait for room, and loom's own channel is unbounded.

use std::sync::PoisonError;

use crate::sync::{Arc, Condvar, Mutex, MutexGuard};

/// A channel of one slot between one sender and one receiver.
pub(super) fn one_slot<T>() -> (Sender<T>, Receiver<T>) {
    let shared = Arc::new(Shared {
        state: Mutex::new(State {
            slot: None,
            sender: true,
            receiver: true,
        }),
        changed: Condvar::new(),
    });
    (Sender(Arc::clone(&shared)), Receiver(shared))
}

struct Shared<T> {
    state: Mutex<State<T>>,
    /// Every change of the state is announced here; both ends look again.
    changed: Condvar,
}

struct State<T> {
    slot: Option<T>,
    /// Whether each end is still there.
    sender: bool,
    receiver: bool,
}

impl<T> Shared<T> {
    fn lock(&self) -> MutexGuard<'_, State<T>> {
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }

    fn wait<'a>(&self, state: MutexGuard<'a, State<T>>) -> MutexGuard<'a, State<T>> {
        self.changed
            .wait(state)
            .unwrap_or_else(PoisonError::into_inner)
    }
}

/// The sending end.
pub(super) struct Sender<T>(Arc<Shared<T>>);

impl<T> Sender<T> {
    /// Puts `value` in the slot, waiting while it is full; gives the value back once the
    /// receiver has gone.
    pub(super) fn send(&self, value: T) -> Result<(), T> {
        let mut state = self.0.lock();
        while state.receiver && state.slot.is_some() {
            state = self.0.wait(state);
        }
        if !state.receiver {
            return Err(value);
        }
        state.slot = Some(value);
        self.0.changed.notify_all();
        Ok(())
    }
}

impl<T> Drop for Sender<T> {
    fn drop(&mut self) {
        self.0.lock().sender = false;
        self.0.changed.notify_all();
    }
}

/// The receiving end.
pub(super) struct Receiver<T>(Arc<Shared<T>>);

impl<T> Receiver<T> {
    /// Takes the value in the slot, waiting while it is empty; `None` once it is empty and
    /// the sender has gone.
    pub(super) fn recv(&self) -> Option<T> {
        let mut state = self.0.lock();
        loop {
            if let Some(value) = state.slot.take() {
                self.0.changed.notify_all();
                return Some(value);
            }
            if !state.sender {
                return None;
            }
            state = self.0.wait(state);
        }
    }
}

impl<T> Drop for Receiver<T> {
    fn drop(&mut self) {
        let left = {
            let mut state = self.0.lock();
            state.receiver = false;
            state.slot.take()
        };
        self.0.changed.notify_all();
        // A value left in the slot is dropped here, by the receiver, outside the lock.
        drop(left);
    }
}
