//! A std receiver shared by several workers behind a mutex, since std's are single-consumer.

use std::sync::mpsc::Receiver;
use std::sync::{Arc, Mutex, PoisonError};

/// The job receiver all workers of a run take turns on.
pub struct SharedReceiver<T>(Arc<Mutex<Receiver<T>>>);

impl<T> Clone for SharedReceiver<T> {
    fn clone(&self) -> Self {
        SharedReceiver(Arc::clone(&self.0))
    }
}

impl<T> SharedReceiver<T> {
    pub(crate) fn new(receiver: Receiver<T>) -> SharedReceiver<T> {
        SharedReceiver(Arc::new(Mutex::new(receiver)))
    }

    /// The next job: `recv` holds the lock, so one idle worker waits on the channel and
    /// the others wait on the lock, and each job goes to exactly one.
    pub(crate) fn recv(&self) -> Option<T> {
        self.0
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .recv()
            .ok()
    }

    /// Jobs as one worker takes them, until the queue is empty and closed.
    pub(crate) fn jobs(&self) -> impl Iterator<Item = T> + use<T> {
        let receiver = self.clone();
        std::iter::from_fn(move || receiver.recv())
    }
}
