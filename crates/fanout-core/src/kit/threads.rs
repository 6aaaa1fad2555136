//! [`ThreadGroup`]: the OS threads of one run, joined before the run ends.

use crate::sync::Arc;
use crate::sync::thread::{self, JoinHandle};
use std::fmt::Display;

use super::{RunControl, RunWorkers};

/// The threads of one run. Dropping the group stops the run and joins every thread, so no
/// thread outlives the run.
pub struct ThreadGroup {
    engine: &'static str,
    control: Arc<RunControl>,
    handles: Vec<JoinHandle<()>>,
}

impl ThreadGroup {
    /// An empty group for a run of `engine` (its `NAME`, used to name the threads).
    pub fn new(engine: &'static str, control: Arc<RunControl>) -> ThreadGroup {
        ThreadGroup {
            engine,
            control,
            handles: Vec::new(),
        }
    }

    /// Starts a thread named `"{engine} {role}"` running `body`.
    ///
    /// # Panics
    /// When the OS refuses a new thread, with a message saying how many had started. The
    /// group is dropped while the panic unwinds, which stops and joins those; callers
    /// declare the group before the channels its threads wait on, so that the channels
    /// close first.
    pub fn spawn(&mut self, role: impl Display, body: impl FnOnce() + Send + 'static) {
        let name = format!("{} {role}", self.engine);
        match thread::Builder::new().name(name).spawn(body) {
            Ok(handle) => self.handles.push(handle),
            Err(error) => {
                self.control.stop();
                panic!(
                    "fanout engine {}: the OS refused to start thread `{role}` \
                     ({} threads of this run had started): {error}",
                    self.engine,
                    self.handles.len()
                );
            }
        }
    }
}

impl RunWorkers for ThreadGroup {
    fn wait_stopped(&mut self) {
        for handle in self.handles.drain(..) {
            // Engines catch panics where they happen; one that escapes a thread anyway is
            // still delivered to the consumer rather than lost.
            if let Err(payload) = handle.join() {
                self.control.record_panic(payload);
            }
        }
    }
}

impl Drop for ThreadGroup {
    fn drop(&mut self) {
        self.control.stop();
        self.wait_stopped();
    }
}
