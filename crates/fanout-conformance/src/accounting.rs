//! What a run leaves behind once it has ended: no thread and no task of its own.

use fanout_core::FanOutFanIn;

use crate::census::{self, Census, CensusUnavailable};
use crate::checks::PATIENCE;
use crate::probe::eventually;
use crate::watchdog::Check;

/// How many tasks that are not threads an engine has alive (tokio's runtime metrics, say),
/// given to the reliability tests by the engine's test crate; [`no_tasks`] for engines
/// built on threads alone.
pub type AliveTasks<E> = fn(&E) -> usize;

/// The [`AliveTasks`] of an engine that runs no tasks but threads.
pub fn no_tasks<E>(_engine: &E) -> usize {
    0
}

/// An engine's threads between runs, to compare with once a run has ended.
pub(crate) struct Baseline<'e, E> {
    engine: &'e E,
    threads: Census,
    alive_tasks: AliveTasks<E>,
}

impl<'e, E: FanOutFanIn> Baseline<'e, E> {
    /// Counts the threads of `engine` between runs. A short run goes first, so that any
    /// thread a pool starts on first use counts as the engine's, not as a later run's.
    ///
    /// # Panics
    /// Outside a check that runs alone, where other checks would move the count. Fails the
    /// check where the threads cannot be counted.
    pub(crate) fn of(check: &Check, engine: &'e E, alive_tasks: AliveTasks<E>) -> Self {
        assert!(
            check.runs_alone(),
            "threads are counted only in checks that run alone"
        );
        // Not itself checked: what it gives is the checks' business, once counting begins.
        let items = 2 * engine.config().workers.get() as u64;
        engine.run(0..items, |_, item| item).for_each(drop);
        Baseline {
            engine,
            threads: census_for(check),
            alive_tasks,
        }
    }

    /// Fails unless, within [`PATIENCE`] of the end of a run, the engine is back to its
    /// threads between runs and has no task alive.
    pub(crate) fn expect_run_gone(&self, check: &Check) {
        expect_no_newcomers(check, &self.threads, "of the run");
        let mut alive = 0;
        let gone = eventually(PATIENCE, || {
            alive = (self.alive_tasks)(self.engine);
            alive == 0
        });
        check.ensure(gone, || {
            format!("{alive} tasks of the run still alive {PATIENCE:?} after it ended")
        });
    }
}

/// The process's threads now, to compare with after an engine has been dropped.
pub(crate) fn threads_before_engine(check: &Check) -> Census {
    assert!(
        check.runs_alone(),
        "threads are counted only in checks that run alone"
    );
    census_for(check)
}

/// Fails unless, within [`PATIENCE`], every thread started since `before` has gone.
/// `whose` names the threads that should have gone.
pub(crate) fn expect_no_newcomers(check: &Check, before: &Census, whose: &str) {
    let mut newcomers = Vec::new();
    let gone = eventually(PATIENCE, || {
        newcomers = before.newcomers(&census_for(check));
        newcomers.is_empty()
    });
    check.ensure(gone, || {
        format!(
            "{} threads {whose} still alive {PATIENCE:?} after it ended ({:?}; {} threads \
             before, leaving out {} test threads; the process's threads: {:?})",
            newcomers.len(),
            census::names_of(&newcomers),
            before.len(),
            census::enrolled(),
            census::thread_names()
        )
    });
}

/// The census now, for `check`.
fn census_for(check: &Check) -> Census {
    census_or_fail(check, census::take())
}

/// The census taken, or the failure of `check` when none could be: a leak check that
/// cannot count threads has not looked, so it must not pass.
fn census_or_fail(check: &Check, taken: Result<Census, CensusUnavailable>) -> Census {
    taken.unwrap_or_else(|reason| {
        check.fail(format_args!(
            "cannot tell whether threads are left behind: {reason}"
        ))
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::census::Access;
    use crate::watchdog::{Form, panic_message, run_with_limit};
    use std::panic::catch_unwind;
    use std::time::Duration;

    #[test]
    fn a_check_without_a_census_fails_saying_why() {
        let outcome = catch_unwind(|| {
            let limit = Duration::from_secs(5);
            run_with_limit(
                "blind",
                "panics",
                (0, Form::Run),
                Access::Alone,
                limit,
                |check| {
                    let unreadable = CensusUnavailable::because("cannot read /proc/self/task");
                    census_or_fail(check, Err(unreadable));
                },
            );
        });
        let message = panic_message(&*outcome.expect_err("a check that cannot look must fail"));
        assert!(message.contains("blind: `panics` failed"), "{message}");
        assert!(
            message.contains("cannot tell whether threads are left behind: cannot read"),
            "{message}"
        );
    }

    #[cfg(target_os = "linux")]
    #[test]
    fn on_linux_a_census_is_taken() {
        let outcome = catch_unwind(|| {
            let limit = Duration::from_secs(5);
            run_with_limit(
                "seeing",
                "panics",
                (0, Form::Run),
                Access::Alone,
                limit,
                |check| {
                    let census = census_for(check);
                    assert!(census.len() >= 1, "at least the check's own thread");
                },
            );
        });
        assert!(outcome.is_ok(), "Linux's /proc/self/task gives a census");
    }
}
