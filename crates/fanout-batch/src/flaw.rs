//! [`Flaw`]: the deliberate flaws that the loom models must catch, one per wake-up the
//! engine's own synchronisation depends on.

#[cfg(loom)]
use std::sync::PoisonError;

/// A deliberate flaw the loom models must catch, switched on by the broken variant's test
/// alone (in a child process of its own); without `--cfg loom` there is none.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum Flaw {
    /// The batch queue's last sender to go does not wake a waiting consumer.
    LastSenderForgetsTheConsumer,
    /// Taking a batch from the queue never wakes the senders waiting for room.
    TakeForgetsTheSenders,
    /// Closing the batch queue does not wake the senders waiting for room.
    CloseForgetsTheSenders,
    /// The consumer counts the held results under one lock and takes that many under
    /// another, losing those held in between.
    StealCountsThenTakes,
    /// Handing a job to a kept thread does not wake it.
    HandForgetsTheThread,
    /// Ending a kept thread does not wake it.
    EndForgetsTheThread,
}

#[cfg(loom)]
pub(crate) static FLAW: std::sync::Mutex<Option<Flaw>> = std::sync::Mutex::new(None);

/// Whether `flaw` is switched on: never, outside the loom models.
pub(crate) fn flawed(flaw: Flaw) -> bool {
    #[cfg(loom)]
    return *FLAW.lock().unwrap_or_else(PoisonError::into_inner) == Some(flaw);
    #[cfg(not(loom))]
    {
        let _ = flaw;
        false
    }
}
