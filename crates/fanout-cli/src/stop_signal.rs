//! Waiting for SIGTERM or SIGINT on a thread of our choosing, so that `fanout worker` can
//! say what it served and stop cleanly instead of dying where the signal lands.
//!
//! The signals are blocked in the calling thread before any other thread starts (threads
//! inherit the mask), then taken synchronously with `sigwait`: no handler runs, so
//! nothing async-signal-unsafe can happen.

use nix::sys::signal::{SigSet, Signal};

/// SIGTERM and SIGINT, blocked in this thread and every thread it starts from now on.
pub(crate) struct StopSignals(SigSet);

impl StopSignals {
    /// Blocks the signals; call it before starting threads.
    pub(crate) fn block() -> Result<StopSignals, String> {
        let mut set = SigSet::empty();
        set.add(Signal::SIGTERM);
        set.add(Signal::SIGINT);
        set.thread_block()
            .map_err(|error| format!("could not block SIGTERM and SIGINT: {error}"))?;
        Ok(StopSignals(set))
    }

    /// Waits for one of them; returns its name.
    pub(crate) fn wait(&self) -> Result<&'static str, String> {
        let signal = self
            .0
            .wait()
            .map_err(|error| format!("could not wait for SIGTERM or SIGINT: {error}"))?;
        Ok(signal.as_str())
    }
}
