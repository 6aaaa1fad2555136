//! [`TaskShape`]: what the async engines on tokio tasks share: their configuration, the
//! runtime their tasks go on, and the bound that follows from both.

use fanout_core::FanConfig;
use tokio::runtime::Handle;

/// An async tokio engine's configuration and, when it was given one, its runtime.
#[derive(Debug)]
pub(crate) struct TaskShape {
    pub(crate) config: FanConfig,
    /// The runtime the run's tasks go on, when not the caller's.
    given: Option<Handle>,
}

impl TaskShape {
    pub(crate) fn new(config: FanConfig) -> TaskShape {
        TaskShape {
            config,
            given: None,
        }
    }

    pub(crate) fn give(&mut self, handle: Handle) {
        self.given = Some(handle);
    }

    /// The runtime a run's tasks go on: the one given, else the caller's (a panic naming
    /// `engine` when there is neither).
    pub(crate) fn runtime(&self, engine: &str) -> Handle {
        self.given
            .clone()
            .unwrap_or_else(|| callers_runtime(engine))
    }

    /// The result channel's bound: tokio's mpsc has no rendezvous mode, so capacity 0 is
    /// served as 1.
    pub(crate) fn channel_capacity(&self) -> usize {
        self.config.capacity.max(1)
    }

    /// `workers + max(capacity, 1)`: an item or its unsent result for each worker, and the
    /// channel's results.
    pub(crate) fn in_flight_bound(&self) -> usize {
        self.config.workers.get() + self.channel_capacity()
    }
}

/// The runtime the caller of `run` is in, where the run's tasks go.
///
/// # Panics
/// Outside a tokio runtime, with a message naming the engine and `with_handle`: like
/// `tokio::spawn`, the engine has no runtime of its own to fall back on.
fn callers_runtime(engine: &str) -> Handle {
    Handle::try_current().unwrap_or_else(|_| {
        panic!(
            "{engine}: run must be called from within a tokio runtime, whose tasks the run \
             uses, or the engine given one with `with_handle`; it starts no runtime of its own"
        )
    })
}
