//! Taking a census of the process's threads, to see that a run leaves none behind.
//!
//! `cargo test` runs the tests of one binary on parallel threads of one process, so the
//! process's threads come and go with whatever other tests do meanwhile. Three things make
//! a census meaningful anyway. Every check holds one process-wide lock, shared by ordinary
//! checks and exclusive for a check that counts threads, so no other check starts or ends
//! a thread while it looks. The test threads that wait for that lock or hold it are
//! enrolled and left out, so that the test harness starting a new test (whose thread then
//! waits at the lock) does not look like a thread left behind. And a census is a set of
//! thread ids, not a count: "left behind" means alive now and not alive before, so a
//! thread that some earlier test left to end on its own (a broken engine's, in the
//! self-tests) cannot, by ending meanwhile, hide one that this check's run left.

use std::collections::BTreeSet;
use std::sync::{Mutex, PoisonError, RwLock, RwLockReadGuard, RwLockWriteGuard};

static CHECKS: RwLock<()> = RwLock::new(());

/// The ids of the test threads that wait for [`CHECKS`] or hold it.
static ENROLLED: Mutex<BTreeSet<u64>> = Mutex::new(BTreeSet::new());

fn enrolled_ids() -> std::sync::MutexGuard<'static, BTreeSet<u64>> {
    ENROLLED.lock().unwrap_or_else(PoisonError::into_inner)
}

/// How a check takes part in the census.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Access {
    /// Runs beside other checks; counts no threads.
    Shared,
    /// Runs alone, so that it can count threads.
    Alone,
}

/// A test thread's place in the census, held for the duration of one check: its id and
/// one of the two guards of the lock.
pub(crate) struct Enrolment {
    id: Option<u64>,
    shared: Option<RwLockReadGuard<'static, ()>>,
    alone: Option<RwLockWriteGuard<'static, ()>>,
}

/// Enrols the calling thread, then waits until it may run a check with `access`.
pub(crate) fn enrol(access: Access) -> Enrolment {
    let id = current_thread_id();
    if let Some(id) = id {
        enrolled_ids().insert(id);
    }
    // A check that failed while holding the lock poisons it; the next check is still fine.
    match access {
        Access::Shared => Enrolment {
            id,
            shared: Some(CHECKS.read().unwrap_or_else(PoisonError::into_inner)),
            alone: None,
        },
        Access::Alone => Enrolment {
            id,
            shared: None,
            alone: Some(CHECKS.write().unwrap_or_else(PoisonError::into_inner)),
        },
    }
}

impl Drop for Enrolment {
    fn drop(&mut self) {
        // Released before the thread leaves the enrolled, so that, while the thread
        // finishes, it may be seen as a newcomer (which a deadline waits out), and is never
        // missed.
        drop((self.shared.take(), self.alone.take()));
        if let Some(id) = self.id {
            enrolled_ids().remove(&id);
        }
    }
}

/// The calling thread's id as Linux knows it, from the `/proc/thread-self` link
/// (`PID/task/TID`); `None` when that cannot be read. A test thread left unenrolled can
/// only make a later census see it as a newcomer: a false failure, never a false pass.
#[cfg(target_os = "linux")]
fn current_thread_id() -> Option<u64> {
    let link = std::fs::read_link("/proc/thread-self").ok()?;
    link.file_name()?.to_str()?.parse().ok()
}

/// No thread ids elsewhere: nothing to enrol, and every census fails (see [`take`]).
#[cfg(not(target_os = "linux"))]
fn current_thread_id() -> Option<u64> {
    None
}

/// Why no census could be taken. A leak check that gets one fails with it: a check that
/// could not look must not pass.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct CensusUnavailable(String);

#[cfg(test)]
impl CensusUnavailable {
    /// One with `reason`, for tests of what a check does without a census.
    pub(crate) fn because(reason: &str) -> CensusUnavailable {
        CensusUnavailable(reason.to_owned())
    }
}

impl std::fmt::Display for CensusUnavailable {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// The ids of this process's threads, from `/proc/self/task`; an error when it cannot be
/// read, or holds something that is not a thread id.
///
/// One listing is not enough: the kernel lists a process's threads by walking a list that
/// exiting threads leave meanwhile, and a thread exiting during the walk can make it skip
/// a live one (a check once saw its own thread missing from its first census, so as a
/// newcomer in the next). A thread alive throughout is missed by two listings in a row
/// only if threads exit during both; so the listings are repeated until two agree, and
/// their union is the census (a thread seen in one and gone since is merely one more
/// thread that a deadline waits out).
#[cfg(target_os = "linux")]
fn all_thread_ids() -> Result<BTreeSet<u64>, CensusUnavailable> {
    const MOST_LISTINGS: usize = 16;
    let mut seen = list_thread_ids()?;
    let mut previous = seen.clone();
    for _ in 1..MOST_LISTINGS {
        let listing = list_thread_ids()?;
        if listing == previous {
            break;
        }
        seen.extend(listing.iter().copied());
        previous = listing;
    }
    Ok(seen)
}

/// One listing of `/proc/self/task`.
#[cfg(target_os = "linux")]
fn list_thread_ids() -> Result<BTreeSet<u64>, CensusUnavailable> {
    let unreadable =
        |error: std::io::Error| CensusUnavailable(format!("cannot read /proc/self/task: {error}"));
    let mut ids = BTreeSet::new();
    for task in std::fs::read_dir("/proc/self/task").map_err(unreadable)? {
        let name = task.map_err(unreadable)?.file_name();
        let id = name
            .to_str()
            .and_then(|name| name.parse().ok())
            .ok_or_else(|| {
                CensusUnavailable(format!("/proc/self/task holds {name:?}, not a thread id"))
            })?;
        ids.insert(id);
    }
    Ok(ids)
}

/// Elsewhere the OS has no `/proc/self/task`, so no census can be taken.
#[cfg(not(target_os = "linux"))]
fn all_thread_ids() -> Result<BTreeSet<u64>, CensusUnavailable> {
    Err(CensusUnavailable(String::from(
        "the thread census needs Linux's /proc/self/task; this platform is not supported by \
         the leak checks",
    )))
}

/// The threads alive at one moment, less the enrolled test threads.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Census(BTreeSet<u64>);

/// The census now, from Linux's `/proc/self/task`; an error where that cannot be read,
/// and on every other platform.
///
/// Inside a check that runs [alone](Access::Alone), that is the check's own threads, its
/// engines' and its runs', the harness's main thread and any thread an earlier test left
/// to end on its own.
pub(crate) fn take() -> Result<Census, CensusUnavailable> {
    let mut ids = all_thread_ids()?;
    for id in enrolled_ids().iter() {
        ids.remove(id);
    }
    Ok(Census(ids))
}

impl Census {
    /// The threads of `now` that were not alive in this census: started since, and not
    /// yet gone.
    pub(crate) fn newcomers(&self, now: &Census) -> Vec<u64> {
        now.0.difference(&self.0).copied().collect()
    }

    /// How many threads it holds.
    pub(crate) fn len(&self) -> usize {
        self.0.len()
    }
}

/// Test threads enrolled now: left out of every [`Census`].
pub(crate) fn enrolled() -> usize {
    enrolled_ids().len()
}

/// The names of the threads `ids`, for failure messages (`?` for one that has gone).
pub(crate) fn names_of(ids: &[u64]) -> Vec<String> {
    ids.iter()
        .map(|id| {
            std::fs::read_to_string(format!("/proc/self/task/{id}/comm"))
                .map_or_else(|_| String::from("?"), |name| name.trim_end().to_owned())
        })
        .collect()
}

/// The names of this process's threads, for failure messages (Linux only; empty elsewhere).
pub(crate) fn thread_names() -> Vec<String> {
    let Ok(ids) = all_thread_ids() else {
        return Vec::new();
    };
    let ids: Vec<u64> = ids.into_iter().collect();
    let mut names = names_of(&ids);
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
    fn a_thread_is_a_newcomer_while_it_lives_and_not_after() {
        let _alone = enrol(Access::Alone);
        let started = Arc::new(Barrier::new(2));
        let finish = Arc::new(Barrier::new(2));
        let before = take().expect("a census on Linux");
        let thread = {
            let (started, finish) = (Arc::clone(&started), Arc::clone(&finish));
            thread::Builder::new()
                .name(String::from("newcomer"))
                .spawn(move || {
                    started.wait();
                    finish.wait();
                })
                .expect("a thread starts")
        };
        started.wait();
        // Other unit tests may start threads of their own meanwhile; this one is named.
        let while_alive = before.newcomers(&take().expect("a census"));
        let names = names_of(&while_alive);
        let position = names.iter().position(|name| name == "newcomer");
        let newcomer = while_alive[position.unwrap_or_else(|| panic!("not among {names:?}"))];
        finish.wait();
        thread.join().expect("the thread ends");
        let gone = eventually(Duration::from_secs(5), || {
            take().is_ok_and(|now| !before.newcomers(&now).contains(&newcomer))
        });
        assert!(gone, "the thread stayed a newcomer after it ended");
        assert!(!enrolled_ids().is_empty(), "this test thread is enrolled");
    }

    /// Threads ending while a census is taken must not hide a thread started after them
    /// and alive throughout: a single listing of `/proc/self/task` does, now and then
    /// (the kernel's walk stops at a thread that ends under it, and the next one resumes
    /// by position in a list that has shrunk), and that made a check see its own thread
    /// as one left behind.
    #[cfg(target_os = "linux")]
    #[test]
    fn a_census_sees_a_thread_alive_throughout_while_older_ones_end() {
        use std::sync::mpsc;
        let mut missed = 0;
        for _ in 0..300 {
            let ending: Vec<_> = (0..8u64)
                .map(|order| {
                    thread::spawn(move || thread::sleep(Duration::from_micros(50 * order)))
                })
                .collect();
            let (id_sender, id_receiver) = mpsc::channel();
            let (stop, stopped) = mpsc::channel::<()>();
            let steady = thread::spawn(move || {
                let _ = id_sender.send(current_thread_id());
                let _ = stopped.recv();
            });
            let steady_id = id_receiver.recv().expect("the id").expect("an id on Linux");
            while ending.iter().any(|thread| !thread.is_finished()) {
                if !all_thread_ids().expect("a census").contains(&steady_id) {
                    missed += 1;
                }
            }
            for thread in ending {
                thread.join().expect("an ending thread ends");
            }
            drop(stop);
            steady.join().expect("the steady thread ends");
        }
        assert_eq!(missed, 0, "censuses that missed a thread alive throughout");
    }

    #[cfg(not(target_os = "linux"))]
    #[test]
    fn off_linux_no_census_is_taken_and_the_message_says_why() {
        let error = take().expect_err("no /proc/self/task here");
        assert!(
            error.to_string().contains("needs Linux's /proc/self/task"),
            "{error}"
        );
    }
}
