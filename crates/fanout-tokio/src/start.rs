//! Starting the engine's runtime without hanging when the OS refuses one of its threads.
//!
//! tokio's builder starts every worker thread before it returns. When the OS refuses one,
//! it panics ("OS can't spawn worker thread") and then, while unwinding, waits for the
//! threads it did start, which nothing tells to stop: the builder never returns. So the
//! runtime is built on a helper thread, while the calling thread watches the workers start
//! (tokio's `on_thread_start` counts them) and gives up with a clear error once none has
//! started for [`STALL`] and the build has not returned. The helper and the threads it
//! started are left behind then; only tokio could stop them.

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc::{self, RecvTimeoutError};
use std::thread;
use std::time::{Duration, Instant};

use fanout_core::StartError;
use tokio::runtime::{Builder, Runtime};

/// How long the build may go without starting a thread before it counts as hung. Starting
/// a thread takes microseconds; the margin is for a loaded machine.
const STALL: Duration = Duration::from_secs(2);

/// A multi-thread runtime of `workers` worker threads named "tokio worker", or why it
/// could not start: the OS refused a thread, or tokio failed to build the runtime
/// otherwise.
pub(crate) fn start_runtime(workers: usize) -> Result<Runtime, StartError> {
    let refused = |what: String| StartError::new("tokio", what, None);
    let started = Arc::new(AtomicUsize::new(0));
    let (built, outcome) = mpsc::channel();
    let counter = Arc::clone(&started);
    let helper = thread::Builder::new()
        .name(String::from("tokio builder"))
        .spawn(move || {
            let runtime = catch_unwind(AssertUnwindSafe(|| {
                Builder::new_multi_thread()
                    .worker_threads(workers)
                    .thread_name("tokio worker")
                    .on_thread_start(move || {
                        counter.fetch_add(1, Ordering::SeqCst);
                    })
                    .build()
            }));
            let _ = built.send(runtime);
        })
        .map_err(|error| {
            StartError::new(
                "tokio",
                "could not start a thread to build the runtime",
                Some(error.into()),
            )
        })?;
    let cannot = format!("could not start a runtime of {workers} threads");
    let (mut seen, mut last_start) = (0, Instant::now());
    loop {
        match outcome.recv_timeout(Duration::from_millis(10)) {
            Ok(Ok(Ok(runtime))) => {
                let _ = helper.join();
                return Ok(runtime);
            }
            Ok(Ok(Err(error))) => {
                return Err(StartError::new("tokio", cannot, Some(error.into())));
            }
            Ok(Err(payload)) => {
                return Err(refused(format!("{cannot}: {}", panic_text(&*payload))));
            }
            Err(RecvTimeoutError::Disconnected) => {
                return Err(refused(format!("{cannot}: the builder thread vanished")));
            }
            Err(RecvTimeoutError::Timeout) => {
                let now = started.load(Ordering::SeqCst);
                if now != seen {
                    (seen, last_start) = (now, Instant::now());
                } else if now < workers && last_start.elapsed() > STALL {
                    return Err(refused(format!(
                        "{cannot}: the OS refused a thread after {now} had started, and \
                         tokio's builder hangs (it and those threads are left behind)"
                    )));
                }
            }
        }
    }
}

/// The text of a panic payload, when it is one.
fn panic_text(payload: &(dyn std::any::Any + Send)) -> String {
    payload
        .downcast_ref::<&str>()
        .map(|text| (*text).to_owned())
        .or_else(|| payload.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| String::from("tokio's builder panicked"))
}
