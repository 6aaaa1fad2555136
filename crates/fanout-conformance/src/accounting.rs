//! What a run leaves behind once it has ended: no thread and no task of its own.

use fanout_core::FanOutFanIn;

use crate::census;
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
    threads: Option<usize>,
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
            threads: census::threads(),
            alive_tasks,
        }
    }

    /// Fails unless, within [`PATIENCE`] of the end of a run, the engine is back to its
    /// threads between runs and has no task alive.
    pub(crate) fn expect_run_gone(&self, check: &Check) {
        expect_threads_at_most(check, self.threads, "of the run");
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
pub(crate) fn threads_before_engine(check: &Check) -> Option<usize> {
    assert!(
        check.runs_alone(),
        "threads are counted only in checks that run alone"
    );
    census::threads()
}

/// Fails unless, within [`PATIENCE`], the process is back to at most `most` threads (no
/// limit where threads cannot be counted). `whose` names the threads that should have gone.
pub(crate) fn expect_threads_at_most(check: &Check, most: Option<usize>, whose: &str) {
    let Some(most) = most else {
        return;
    };
    let mut now = most;
    let back = eventually(PATIENCE, || {
        now = census::threads().unwrap_or(most);
        now <= most
    });
    check.ensure(back, || {
        format!(
            "{} threads {whose} still alive {PATIENCE:?} after it ended ({now} threads now, \
             {most} before, leaving out {} test threads; the process's threads: {:?})",
            now - most,
            census::enrolled(),
            census::thread_names()
        )
    });
}
