//! [`ThreadGroup`]: the OS threads of one run, joined before the run ends.

use crate::sync::Arc;
use crate::sync::thread::{self, JoinHandle};
use std::fmt::Display;
use std::io;
use std::thread::{Scope, ScopedJoinHandle};

use super::{RunControl, RunWorkers};

/// Starts one thread of the group, named, running a body that may borrow for `'scope`.
type Spawner<'scope> = Box<
    dyn Fn(String, Box<dyn FnOnce() + Send + 'scope>) -> io::Result<Handle<'scope>>
        + Send
        + Sync
        + 'scope,
>;

/// One thread of the group, started on its own or inside a `std::thread::scope`.
enum Handle<'scope> {
    Own(JoinHandle<()>),
    Scoped(ScopedJoinHandle<'scope, ()>),
}

/// The threads of one run. Dropping the group stops the run and joins every thread, so no
/// thread outlives the run.
///
/// A group made with [`new`](ThreadGroup::new) starts `'static` threads of its own; one made
/// with [`scoped`](ThreadGroup::scoped) starts them inside the caller's
/// `std::thread::scope`, so their bodies may borrow what the scope borrows. Either way the
/// group joins them itself, before the scope would.
pub struct ThreadGroup<'scope> {
    engine: &'static str,
    control: Arc<RunControl>,
    spawner: Spawner<'scope>,
    handles: Vec<Handle<'scope>>,
}

impl ThreadGroup<'static> {
    /// An empty group for a run of `engine` (its `NAME`, used to name the threads).
    pub fn new(engine: &'static str, control: Arc<RunControl>) -> ThreadGroup<'static> {
        ThreadGroup {
            engine,
            control,
            spawner: Box::new(|name, body| {
                thread::Builder::new()
                    .name(name)
                    .spawn(body)
                    .map(Handle::Own)
            }),
            handles: Vec::new(),
        }
    }
}

impl<'scope> ThreadGroup<'scope> {
    /// An empty group whose threads start inside `scope`, for a run of `engine`.
    pub fn scoped<'env>(
        engine: &'static str,
        control: Arc<RunControl>,
        scope: &'scope Scope<'scope, 'env>,
    ) -> ThreadGroup<'scope> {
        ThreadGroup {
            engine,
            control,
            spawner: Box::new(move |name, body| {
                std::thread::Builder::new()
                    .name(name)
                    .spawn_scoped(scope, body)
                    .map(Handle::Scoped)
            }),
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
    pub fn spawn(&mut self, role: impl Display, body: impl FnOnce() + Send + 'scope) {
        let name = format!("{} {role}", self.engine);
        match (self.spawner)(name, Box::new(body)) {
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

impl RunWorkers for ThreadGroup<'_> {
    fn wait_stopped(&mut self) {
        for handle in self.handles.drain(..) {
            let joined = match handle {
                Handle::Own(handle) => handle.join(),
                Handle::Scoped(handle) => handle.join(),
            };
            // Engines catch panics where they happen; one that escapes a thread anyway is
            // still delivered to the consumer rather than lost.
            if let Err(payload) = joined {
                self.control.record_panic(payload);
            }
        }
    }
}

impl Drop for ThreadGroup<'_> {
    fn drop(&mut self) {
        self.control.stop();
        self.wait_stopped();
    }
}
