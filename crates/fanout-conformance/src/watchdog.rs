//! Runs each check on a thread of its own under a deadline, so that a hang fails the test
//! within seconds with a message naming the engine, the property, the random state and the
//! inputs; once per random state, so that `FANOUT_STRESS` repeats every check; and enrolled
//! in the thread census, alone when it counts threads.

use std::fmt::Display;
use std::ops::RangeInclusive;
use std::panic::{self, AssertUnwindSafe, catch_unwind, resume_unwind};
use std::sync::{Arc, Mutex, Once, PoisonError, mpsc};
use std::thread;
use std::time::Duration;

use fanout_core::{FanConfig, FanOutFanIn, Work};

use crate::census::{self, Access};
use crate::probe::Boom;
use crate::random_state::{Draws, random_states};

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

/// The context of one running check: which engine, which property, which random state,
/// which inputs now.
pub(crate) struct Check {
    engine: &'static str,
    property: &'static str,
    form: Form,
    random_state: u64,
    draws: Mutex<Draws>,
    access: Access,
    case: Mutex<String>,
}

/// How a check starts its runs: with `run`, or with `run_in` inside a `std::thread::scope`.
/// Every check of the blocking contract runs in both forms.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Form {
    Run,
    Scoped,
}

/// The results of a run as a check consumes them, whichever its form.
pub(crate) type Results<'run, R> = Box<dyn Iterator<Item = R> + Send + 'run>;

/// A failure raised by [`Check::fail`], already worded; other panics get the context added.
struct CheckFailed(String);

impl Check {
    /// Names the inputs the check is about to try, for failure and hang messages.
    pub(crate) fn case(&self, case: impl Display) {
        *self.case.lock().unwrap_or_else(PoisonError::into_inner) = case.to_string();
    }

    /// Runs `items` through `work` on `engine` in the check's form, handing the results to
    /// `consume`; a scoped run's scope ends when `consume` returns.
    pub(crate) fn run<E, I, T, R, F, O>(
        &self,
        engine: &E,
        items: I,
        work: F,
        consume: impl FnOnce(Results<'_, R>) -> O,
    ) -> O
    where
        E: FanOutFanIn,
        I: IntoIterator<Item = T>,
        I::IntoIter: Send + 'static,
        T: Send + 'static,
        R: Send + 'static,
        F: Work<T, R>,
    {
        match self.form {
            Form::Run => consume(Box::new(engine.run(items, work))),
            Form::Scoped => {
                thread::scope(|scope| consume(Box::new(engine.run_in(scope, items, work))))
            }
        }
    }

    /// [`run`](Check::run) with `run_ordered`, or `run_ordered_in` in a scope.
    pub(crate) fn run_ordered<E, I, T, R, F, O>(
        &self,
        engine: &E,
        items: I,
        work: F,
        consume: impl FnOnce(Results<'_, R>) -> O,
    ) -> O
    where
        E: FanOutFanIn,
        I: IntoIterator<Item = T>,
        I::IntoIter: Send + 'static,
        T: Send + 'static,
        R: Send + 'static,
        F: Work<T, R>,
    {
        match self.form {
            Form::Run => consume(Box::new(engine.run_ordered(items, work))),
            Form::Scoped => {
                thread::scope(|scope| consume(Box::new(engine.run_ordered_in(scope, items, work))))
            }
        }
    }

    /// The random state and the current case, as failure messages show them.
    fn context(&self) -> String {
        let case = self
            .case
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .clone();
        if self.random_state == 0 {
            format!("random_state=0 {case}")
        } else {
            format!(
                "random_state={:#x} {case}; replay with FANOUT_RANDOM_STATE={:#x}",
                self.random_state, self.random_state
            )
        }
    }

    /// Fails the check with `message`, naming the engine, the property, the random state and
    /// the case.
    pub(crate) fn fail(&self, message: impl Display) -> ! {
        let text = format!(
            "{}: `{}`{} failed [{}]: {message}",
            self.engine,
            self.property,
            self.form.label(),
            self.context()
        );
        panic::panic_any(CheckFailed(text))
    }

    /// Fails the check with the message `describe` gives unless `holds`.
    pub(crate) fn ensure(&self, holds: bool, describe: impl FnOnce() -> String) {
        if !holds {
            self.fail(describe());
        }
    }

    /// `canonical` on the canonical random state 0; on any other, a value drawn from `range`.
    pub(crate) fn vary<T>(&self, canonical: T, range: RangeInclusive<T>) -> T
    where
        T: Copy + TryInto<u64> + TryFrom<u64>,
    {
        if self.random_state == 0 {
            return canonical;
        }
        let widen = |value: T| value.try_into().ok().expect("check inputs fit in u64");
        let (low, high) = (widen(*range.start()), widen(*range.end()));
        let drawn = self
            .draws
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .in_range(low..=high);
        T::try_from(drawn).ok().expect("drawn inside a range of T")
    }

    /// Whether this check runs alone, so that it may count threads.
    pub(crate) fn runs_alone(&self) -> bool {
        self.access == Access::Alone
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

/// Runs `body` as the check of `property` on engine `E` under the watchdog, once per random
/// state, beside other checks.
pub(crate) fn under_watchdog<E: FanOutFanIn + 'static>(
    property: &'static str,
    body: impl Fn(&Check) + Send + Sync + 'static,
) {
    for_each_random_state::<E>(property, Access::Shared, body);
}

impl Form {
    /// Both forms, for the checks of the blocking contract.
    const BOTH: [Form; 2] = [Form::Run, Form::Scoped];

    /// What failure messages add after the property's name.
    fn label(self) -> &'static str {
        match self {
            Form::Run => "",
            Form::Scoped => " (scoped, with run_in)",
        }
    }
}

/// Like [`under_watchdog`], but with no other check running meanwhile, so that the check
/// can count the process's threads.
pub(crate) fn alone_under_watchdog<E: FanOutFanIn + 'static>(
    property: &'static str,
    body: impl Fn(&Check) + Send + Sync + 'static,
) {
    for_each_random_state::<E>(property, Access::Alone, body);
}

/// Like [`alone_under_watchdog`], for a check that starts its runs itself rather than
/// through [`Check::run`], so in one form: the fault tests, and the check of scoped runs.
pub(crate) fn alone_with_own_runs<E: FanOutFanIn + 'static>(
    property: &'static str,
    body: impl Fn(&Check) + Send + Sync + 'static,
) {
    for_each_random_state_of(E::NAME, property, Access::Alone, &[Form::Run], body);
}

fn for_each_random_state<E: FanOutFanIn + 'static>(
    property: &'static str,
    access: Access,
    body: impl Fn(&Check) + Send + Sync + 'static,
) {
    for_each_random_state_of(E::NAME, property, access, &Form::BOTH, body);
}

/// Runs `body` as the check of `property` on the engine named `engine` under the watchdog,
/// once per random state, beside other checks: for engines of any contract, the async one
/// included.
pub(crate) fn under_watchdog_named(
    engine: &'static str,
    property: &'static str,
    body: impl Fn(&Check) + Send + Sync + 'static,
) {
    for_each_random_state_of(engine, property, Access::Shared, &[Form::Run], body);
}

fn for_each_random_state_of(
    engine: &'static str,
    property: &'static str,
    access: Access,
    forms: &[Form],
    body: impl Fn(&Check) + Send + Sync + 'static,
) {
    let body = Arc::new(body);
    for random_state in random_states() {
        for &form in forms {
            let body = Arc::clone(&body);
            run_with_limit(
                engine,
                property,
                (random_state, form),
                access,
                watchdog_limit(),
                move |check| {
                    body(check);
                },
            );
        }
    }
}

/// Runs `body` once, alone and under the watchdog, as one case of a property whose inputs
/// come from elsewhere (proptest), so with the canonical random state.
pub(crate) fn one_case_alone<E: FanOutFanIn + 'static>(
    property: &'static str,
    body: impl FnOnce(&Check) + Send + 'static,
) {
    run_with_limit(
        E::NAME,
        property,
        (0, Form::Run),
        Access::Alone,
        watchdog_limit(),
        body,
    );
}

/// Runs `body` once as the check of `property` on `engine` with `random_state`, starting
/// its runs in `form`, on a thread of its own and enrolled with `access`; panics with the
/// check's context when it fails, and when it has not finished within `limit`.
pub(crate) fn run_with_limit(
    engine: &'static str,
    property: &'static str,
    (random_state, form): (u64, Form),
    access: Access,
    limit: Duration,
    body: impl FnOnce(&Check) + Send + 'static,
) {
    quiet_expected_panics();
    let check = Arc::new(Check {
        engine,
        property,
        form,
        random_state,
        draws: Mutex::new(Draws::new(random_state)),
        access,
        case: Mutex::new(String::from("setting up")),
    });
    // Held until the outcome is known; a hung check's thread is left running without it.
    let _enrolment = census::enrol(access);
    let (finished, outcome) = mpsc::channel();
    let running = Arc::clone(&check);
    let spawned = thread::Builder::new()
        .name(format!("check {property}"))
        .spawn(move || {
            let result = catch_unwind(AssertUnwindSafe(|| body(&running)));
            let _ = finished.send(result);
        });
    let thread = spawned.unwrap_or_else(|error| {
        panic!("{engine}: `{property}`: could not start the check's thread: {error}")
    });
    let outcome = outcome.recv_timeout(limit);
    if outcome.is_ok() {
        // Its last act was to send the outcome; joined so that no thread of this check
        // outlives its enrolment and moves another check's thread count.
        let _ = thread.join();
    }
    match outcome {
        Ok(Ok(())) => {}
        Ok(Err(payload)) => match payload.downcast::<CheckFailed>() {
            Ok(failure) => panic!("{}", failure.0),
            Err(payload) => {
                let message = panic_message(&*payload);
                resume_unwind(Box::new(format!(
                    "{engine}: `{property}`{} panicked [{}]: {message}",
                    form.label(),
                    check.context()
                )))
            }
        },
        // The hung thread is left behind: nothing can stop it, and the test fails anyway.
        Err(_) => panic!(
            "{engine}: `{property}`{} did not finish within {} s, so it hangs [{}]",
            form.label(),
            limit.as_secs_f64(),
            check.context()
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
                (0, Form::Run),
                Access::Shared,
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
            let limit = Duration::from_secs(5);
            run_with_limit(
                "crashy",
                "edges",
                (0, Form::Run),
                Access::Shared,
                limit,
                |check| {
                    check.case("workers=64 capacity=0");
                    panic!("capacity must be positive");
                },
            );
        });
        let message = panic_message(&*outcome.expect_err("the panic must reach the test"));
        assert!(
            message.contains("crashy: `edges` panicked [random_state=0 workers=64 capacity=0]")
        );
        assert!(message.contains("capacity must be positive"), "{message}");
    }

    #[test]
    fn a_varied_failure_names_its_random_state_and_how_to_replay_it() {
        let outcome = catch_unwind(|| {
            let limit = Duration::from_secs(5);
            run_with_limit(
                "flaky",
                "panics",
                (0xabc, Form::Run),
                Access::Shared,
                limit,
                |check| {
                    let item = check.vary(5u64, 10..=20);
                    check.case(format_args!("item {item}"));
                    check.ensure((10..=20).contains(&item), || format!("{item} out of range"));
                    check.fail("on purpose");
                },
            );
        });
        let message = panic_message(&*outcome.expect_err("the failure must reach the test"));
        assert!(
            message.contains("flaky: `panics` failed [random_state=0xabc item 1"),
            "{message}"
        );
        assert!(
            message.contains("replay with FANOUT_RANDOM_STATE=0xabc"),
            "{message}"
        );
    }
}
