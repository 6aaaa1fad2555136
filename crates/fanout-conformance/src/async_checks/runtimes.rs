//! Runs an async check on each kind of tokio runtime, under the watchdog.

use std::fmt;
use std::time::Duration;

use fanout_core::AsyncFanOutFanIn;

use crate::watchdog::{Check, under_watchdog_named};

/// How long one check may take on one runtime before it counts as hung. Under the
/// watchdog's limit, so that a run that hangs while awaiting is reported with its runtime;
/// the watchdog still catches one that blocks the runtime's thread.
const RUNTIME_LIMIT: Duration = Duration::from_secs(30);

/// The two kinds of tokio runtime every async check runs on.
#[derive(Clone, Copy, Debug)]
pub(crate) enum Runtime {
    CurrentThread,
    /// Two worker threads: enough for polls on two threads at once.
    MultiThread,
}

impl fmt::Display for Runtime {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Runtime::CurrentThread => "runtime=current-thread",
            Runtime::MultiThread => "runtime=multi-thread(2)",
        })
    }
}

impl Runtime {
    fn start(self, check: &Check) -> tokio::runtime::Runtime {
        let mut builder = match self {
            Runtime::CurrentThread => tokio::runtime::Builder::new_current_thread(),
            Runtime::MultiThread => {
                let mut builder = tokio::runtime::Builder::new_multi_thread();
                builder.worker_threads(2);
                builder
            }
        };
        builder
            .enable_all()
            .build()
            .unwrap_or_else(|error| check.fail(format_args!("could not start a {self}: {error}")))
    }
}

/// Runs `body` as the check of `property` on async engine `E` under the watchdog, once per
/// random state, and within it once on each runtime, in a runtime started for it and
/// dropped after it.
pub(crate) fn on_each_runtime<E, Body>(property: &'static str, body: Body)
where
    E: AsyncFanOutFanIn + 'static,
    Body: AsyncFn(&Check, Runtime) + Send + Sync + 'static,
{
    under_watchdog_named(E::NAME, property, move |check| {
        for runtime in [Runtime::CurrentThread, Runtime::MultiThread] {
            check.case(format_args!("{runtime}, setting up"));
            runtime.start(check).block_on(async {
                if tokio::time::timeout(RUNTIME_LIMIT, body(check, runtime))
                    .await
                    .is_err()
                {
                    check.fail(format_args!(
                        "did not finish within {} s on a {runtime}, so it hangs",
                        RUNTIME_LIMIT.as_secs()
                    ));
                }
            });
        }
    });
}
