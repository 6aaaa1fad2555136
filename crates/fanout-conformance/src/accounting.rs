//! What a run leaves behind once it has ended: no thread and no task of its own.

use fanout_core::FanOutFanIn;

use crate::census::{self, Census};
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
    threads: Option<Census>,
    alive_tasks: AliveTasks<E>,
}

impl<'e, E: FanOutFanIn> Baseline<'e, E> {
    /// Counts the threads of `engine` between runs. A short run goes first, so that any
    /// thread a pool starts on first use counts as the engine's, not as a later run's.
    ///
    /// # Panics
    /// Outside a check that runs alone, where other checks would move the count.
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
            threads: census::take(),
            alive_tasks,
        }
    }

    /// Fails unless, within [`PATIENCE`] of the end of a run, the engine is back to its
    /// threads between runs and has no task alive.
    pub(crate) fn expect_run_gone(&self, check: &Check) {
        expect_no_newcomers(check, self.threads.as_ref(), "of the run");
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
pub(crate) fn threads_before_engine(check: &Check) -> Option<Census> {
    assert!(
        check.runs_alone(),
        "threads are counted only in checks that run alone"
    );
    census::take()
}

/// Fails unless, within [`PATIENCE`], every thread started since `before` has gone (no
/// check where threads cannot be counted). `whose` names the threads that should have gone.
pub(crate) fn expect_no_newcomers(check: &Check, before: Option<&Census>, whose: &str) {
    let Some(before) = before else {
        return;
    };
    let mut newcomers = Vec::new();
    let gone = eventually(PATIENCE, || {
        newcomers = census::take().map_or_else(Vec::new, |now| before.newcomers(&now));
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
