//! Counting the process's threads, to see that a run leaves none behind.
//!
//! `cargo test` runs the tests of one binary on parallel threads of one process, so the
//! thread count moves with whatever other tests do meanwhile. Two things make a count
//! meaningful anyway. Every check holds one process-wide lock, shared by ordinary checks
//! and exclusive for a check that counts threads, so no other check starts or ends a
//! thread while a count is taken. And the test threads that wait for that lock or hold it
//! are enrolled and left out of the count, so that the test harness starting a new test
//! (whose thread then waits at the lock) does not look like a thread left behind.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{PoisonError, RwLock, RwLockReadGuard, RwLockWriteGuard};

static CHECKS: RwLock<()> = RwLock::new(());

/// Test threads that wait for [`CHECKS`] or hold it.
static ENROLLED: AtomicUsize = AtomicUsize::new(0);

/// How a check takes part in the census.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Access {
    /// Runs beside other checks; counts no threads.
    Shared,
    /// Runs alone, so that it can count threads.
    Alone,
}

/// A test thread's place in the census, held for the duration of one check: one of the
/// two guards of the lock.
pub(crate) struct Enrolment {
    shared: Option<RwLockReadGuard<'static, ()>>,
    alone: Option<RwLockWriteGuard<'static, ()>>,
}

/// Enrols the calling thread, then waits until it may run a check with `access`.
pub(crate) fn enrol(access: Access) -> Enrolment {
    ENROLLED.fetch_add(1, Ordering::SeqCst);
    // A check that failed while holding the lock poisons it; the next check is still fine.
    match access {
        Access::Shared => Enrolment {
            shared: Some(CHECKS.read().unwrap_or_else(PoisonError::into_inner)),
            alone: None,
        },
        Access::Alone => Enrolment {
            shared: None,
            alone: Some(CHECKS.write().unwrap_or_else(PoisonError::into_inner)),
        },
    }
}

impl Drop for Enrolment {
    fn drop(&mut self) {
        // Released before the thread leaves the count, so that, while the thread finishes,
        // it is over-counted (which a deadline waits out), never under-counted.
        drop((self.shared.take(), self.alone.take()));
        ENROLLED.fetch_sub(1, Ordering::SeqCst);
    }
}

/// The threads of this process, less the enrolled test threads; `None` where the OS does
/// not tell (the count comes from Linux's `/proc/self/status`).
///
/// Inside a check that runs [alone](Access::Alone), that is the check's own threads, its
/// engines' and its runs', and the harness's main thread.
pub(crate) fn threads() -> Option<usize> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let total: usize = status
        .lines()
        .find_map(|line| line.strip_prefix("Threads:"))?
        .trim()
        .parse()
        .ok()?;
    Some(total.saturating_sub(ENROLLED.load(Ordering::SeqCst)))
}

/// Test threads enrolled now: left out of [`threads`].
pub(crate) fn enrolled() -> usize {
    ENROLLED.load(Ordering::SeqCst)
}

/// The names of this process's threads, for failure messages (Linux only; empty elsewhere).
pub(crate) fn thread_names() -> Vec<String> {
    let Ok(tasks) = std::fs::read_dir("/proc/self/task") else {
        return Vec::new();
    };
    let mut names: Vec<String> = tasks
        .filter_map(|task| std::fs::read_to_string(task.ok()?.path().join("comm")).ok())
        .map(|name| name.trim_end().to_owned())
        .collect();
    names.sort();
    names
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::probe::eventually;
    use std::sync::{Arc, Barrier};
    use std::thread;
    use std::time::Duration;

    #[test]
    fn a_thread_is_counted_while_it_lives_and_not_after() {
        let _alone = enrol(Access::Alone);
        let started = Arc::new(Barrier::new(2));
        let finish = Arc::new(Barrier::new(2));
        let thread = {
            let (started, finish) = (Arc::clone(&started), Arc::clone(&finish));
            thread::spawn(move || {
                started.wait();
                finish.wait();
            })
        };
        started.wait();
        let while_alive = threads().expect("this suite runs on Linux");
        finish.wait();
        thread.join().expect("the thread ends");
        // Other tests' threads can only end meanwhile, so the count falls by at least one.
        let fell = eventually(Duration::from_secs(5), || {
            threads().is_some_and(|now| now < while_alive)
        });
        assert!(
            fell,
            "the count stayed at {while_alive} after the thread ended"
        );
    }
}
