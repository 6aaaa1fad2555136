//! The small tokio runtime each engine and worker owns, so callers need none.

use std::future::Future;

use tokio::runtime::{Builder, Handle, Runtime};

use crate::Error;

/// A runtime with one thread for the client's I/O and `blocking` threads for jobs.
pub(crate) fn new_runtime(name: &str, blocking: usize) -> Result<Runtime, Error> {
    Builder::new_multi_thread()
        .worker_threads(1)
        .max_blocking_threads(blocking.max(1))
        .thread_name(name)
        .enable_all()
        .build()
        .map_err(|error| Error::Config(format!("could not start the client's runtime: {error}")))
}

/// Runs `future` on the runtime and waits for it on this thread. Unlike
/// `Runtime::block_on` it works from any thread, inside another runtime too.
pub(crate) fn block_on<T, F>(handle: &Handle, future: F) -> T
where
    T: Send + 'static,
    F: Future<Output = T> + Send + 'static,
{
    let (sender, receiver) = std::sync::mpsc::sync_channel(1);
    handle.spawn(async move {
        let _ignored = sender.send(future.await);
    });
    // The runtime outlives this call (its owner is borrowed by the caller), so the task
    // runs to its end and sends.
    receiver
        .recv()
        .expect("the runtime dropped a task before it finished")
}
