//! [`Flaw`]: the deliberate flaws in the kit that the loom models must catch, each one
//! step of the shipped synchronisation done wrong.

#[cfg(loom)]
use std::sync::PoisonError;

/// A deliberate flaw the loom models must catch, switched on by the broken variant's test
/// alone (in a child process of its own); without `--cfg loom` there is none.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Flaw {
    /// A guarded poll reads the cancel flag and then announces itself, in two steps.
    PollChecksBeforeAnnouncing,
    /// A guarded poll announces its end relaxed, so `cancel`'s wait does not acquire it.
    PollEndsRelaxed,
    /// The async ordered gate, shut, keeps no waker, so opening it wakes nobody.
    StreamGateKeepsNoWaker,
    /// The consumer's end waits for the workers before it drops the result receiver.
    WaitsBeforeDroppingTheReceiver,
    /// The consumer's end ends at the stop flag, before it takes the run's panic.
    EndsAtTheStopFlag,
}

/// The flaw switched on in this process, if any.
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
