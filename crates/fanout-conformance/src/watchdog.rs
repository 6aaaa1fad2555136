//! Runs each check on a thread of its own under a deadline, so that a hang fails the test
//! within seconds with a message naming the engine, the property and the inputs.

use std::fmt::Display;
use std::panic::{self, AssertUnwindSafe, catch_unwind, resume_unwind};
use std::sync::{Arc, Mutex, Once, PoisonError, mpsc};
use std::thread;
use std::time::Duration;

use fanout_core::{FanConfig, FanOutFanIn};

use crate::probe::Boom;

/// How long one check may run before it counts as hung: `FANOUT_WATCHDOG_SECS`, or 60 s.
///
/// Each check takes well under a second on a quiet machine; the margin is for debug builds
/// on a loaded 2-core CI machine.
fn watchdog_limit() -> Duration {
    let seconds = std::env::var("FANOUT_WATCHDOG_SECS")
        .ok()
        .and_then(|text| text.parse().ok())
        .unwrap_or(60);
    Duration::from_secs(seconds)
}

/// The context of one running check: which engine, which property, which inputs now.
pub(crate) struct Check {
    engine: &'static str,
    property: &'static str,
    case: Mutex<String>,
}

/// A failure raised by [`Check::fail`], already worded; other panics get the context added.
struct CheckFailed(String);

impl Check {
    /// Names the inputs the check is about to try, for failure and hang messages.
    pub(crate) fn case(&self, case: impl Display) {
        *self.case.lock().unwrap_or_else(PoisonError::into_inner) = case.to_string();
    }

    fn current_case(&self) -> String {
        self.case
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .clone()
    }

    /// Fails the check with `message`, naming the engine, the property and the case.
    pub(crate) fn fail(&self, message: impl Display) -> ! {
        let text = format!(
            "{}: `{}` failed [{}]: {message}",
            self.engine,
            self.property,
            self.current_case()
        );
        panic::panic_any(CheckFailed(text))
    }

    /// Fails the check with the message `describe` gives unless `holds`.
    pub(crate) fn ensure(&self, holds: bool, describe: impl FnOnce() -> String) {
        if !holds {
            self.fail(describe());
        }
    }

    /// The engine `E` with `workers` workers and queues of `capacity`, the case named.
    pub(crate) fn engine<E: FanOutFanIn>(&self, workers: usize, capacity: usize) -> E {
        self.case(format_args!("workers={workers} capacity={capacity}"));
        let config = FanConfig::new(workers)
            .unwrap_or_else(|error| self.fail(error))
            .with_capacity(capacity);
        E::new(config)
    }
}

/// Runs `body` as the check of `property` on engine `E` under the watchdog.
pub(crate) fn under_watchdog<E: FanOutFanIn + 'static>(
    property: &'static str,
    body: impl FnOnce(&Check) + Send + 'static,
) {
    run_with_limit(E::NAME, property, watchdog_limit(), body);
}

fn run_with_limit(
    engine: &'static str,
    property: &'static str,
    limit: Duration,
    body: impl FnOnce(&Check) + Send + 'static,
) {
    quiet_expected_panics();
    let check = Arc::new(Check {
        engine,
        property,
        case: Mutex::new(String::from("setting up")),
    });
    let (finished, outcome) = mpsc::channel();
    let running = Arc::clone(&check);
    let spawned = thread::Builder::new()
        .name(format!("check {property}"))
        .spawn(move || {
            let result = catch_unwind(AssertUnwindSafe(|| body(&running)));
            let _ = finished.send(result);
        });
    if let Err(error) = spawned {
        panic!("{engine}: `{property}`: could not start the check's thread: {error}");
    }
    match outcome.recv_timeout(limit) {
        Ok(Ok(())) => {}
        Ok(Err(payload)) => match payload.downcast::<CheckFailed>() {
            Ok(failure) => panic!("{}", failure.0),
            Err(payload) => {
                let message = panic_message(&*payload);
                resume_unwind(Box::new(format!(
                    "{engine}: `{property}` panicked [{}]: {message}",
                    check.current_case()
                )))
            }
        },
        // The hung thread is left behind: nothing can stop it, and the test fails anyway.
        Err(_) => panic!(
            "{engine}: `{property}` did not finish within {} s, so it hangs [{}]",
            limit.as_secs_f64(),
            check.current_case()
        ),
    }
}

/// The text of a panic payload, when it is one.
pub(crate) fn panic_message(payload: &(dyn std::any::Any + Send)) -> String {
    if let Some(text) = payload.downcast_ref::<&str>() {
        (*text).to_owned()
    } else if let Some(text) = payload.downcast_ref::<String>() {
        text.clone()
    } else if let Some(boom) = payload.downcast_ref::<Boom>() {
        format!("{boom:?}")
    } else {
        String::from("(a panic payload that is not text)")
    }
}

/// The panics checks raise on purpose ([`Boom`]) would fill the test output with
/// backtraces; this hook passes every other panic to the default hook.
fn quiet_expected_panics() {
    static INSTALL: Once = Once::new();
    INSTALL.call_once(|| {
        let default_hook = panic::take_hook();
        panic::set_hook(Box::new(move |info| {
            if !info.payload().is::<Boom>() && !info.payload().is::<CheckFailed>() {
                default_hook(info);
            }
        }));
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_hang_fails_within_the_limit_naming_engine_property_and_case() {
        let outcome = catch_unwind(|| {
            run_with_limit(
                "stuck",
                "exactly_once",
                Duration::from_millis(200),
                |check| {
                    check.case("workers=3 capacity=0");
                    loop {
                        thread::park();
                    }
                },
            );
        });
        let message = panic_message(&*outcome.expect_err("the watchdog must fail a hang"));
        assert!(message.contains("stuck"), "{message}");
        assert!(message.contains("exactly_once"), "{message}");
        assert!(message.contains("workers=3 capacity=0"), "{message}");
        assert!(message.contains("hangs"), "{message}");
    }

    #[test]
    fn an_unexpected_panic_is_reported_with_its_context() {
        let outcome = catch_unwind(|| {
            run_with_limit("crashy", "edges", Duration::from_secs(5), |check| {
                check.case("workers=64 capacity=0");
                panic!("capacity must be positive");
            });
        });
        let message = panic_message(&*outcome.expect_err("the panic must reach the test"));
        assert!(message.contains("crashy: `edges` panicked [workers=64 capacity=0]"));
        assert!(message.contains("capacity must be positive"), "{message}");
    }
}
