//! [`Flaw`]: the deliberate flaws that the loom models must catch, one per wake-up the
//! engine's own synchronisation depends on.

#[cfg(loom)]
use std::sync::PoisonError;

/// A deliberate flaw the loom models must catch, switched on by the broken variant's test
/// alone (in a child process of its own); without `--cfg loom` there is none.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum Flaw {
    /// A batch sent to the hub does not wake the sleeping consumer.
    SendForgetsTheConsumer,
    /// Items pushed where others can steal them wake no sleeper.
    AnnounceForgetsTheSleepers,
    /// The consumer's count of results handed out does not wake the thread waiting for it.
    PublishForgetsTheRoomWaiter,
    /// The consumer's request for a pull does not wake the feeder.
    RequestForgetsTheFeeder,
    /// Closing the hub wakes no sleeping thread.
    CloseForgetsTheThreads,
    /// Handing a job to a kept thread does not wake it.
    HandForgetsTheThread,
    /// Ending a kept thread does not wake it.
    EndForgetsTheThread,
    /// The consumer's look before it sleeps leaves cheap items to their owner too.
    SleeperSkipsCheapItems,
    /// A kept thread handed jobs for others in the start's tree does not hand them on.
    TreeForgetsTheChildren,
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
