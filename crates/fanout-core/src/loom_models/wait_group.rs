//! The kit's [`WaitGroup`]: `wait` returns exactly when every clone is gone.

use std::sync::PoisonError;

use loom::thread;

use crate::kit::WaitGroup;
use crate::loom_check::{caught, explore};
use crate::sync::{Arc, AtomicUsize, Condvar, Mutex, Ordering};

/// Two tasks, each holding a clone, finish and drop it. Checked: `wait` returns (a missed
/// notify leaves it blocked, which loom reports), and only after both have finished.
fn model<G: Group>(group: G) {
    let finished = Arc::new(AtomicUsize::new(0));
    let tasks: Vec<_> = (0..2)
        .map(|_| {
            let (member, finished) = (group.join(), finished.clone());
            thread::spawn(move || {
                finished.fetch_add(1, Ordering::SeqCst);
                drop(member);
            })
        })
        .collect();
    group.wait();
    assert_eq!(finished.load(Ordering::SeqCst), 2, "wait returned early");
    for task in tasks {
        task.join().unwrap();
    }
}

/// What the model needs of a wait group, so that the shipped one and a broken one run it.
trait Group: Sized {
    type Member: Send + 'static;
    fn join(&self) -> Self::Member;
    fn wait(self);
}

impl Group for WaitGroup {
    type Member = WaitGroup;
    fn join(&self) -> WaitGroup {
        self.clone()
    }
    fn wait(self) {
        WaitGroup::wait(self);
    }
}

#[test]
fn loom_wait_group_waits_for_every_clone() {
    explore("wait group", || model(WaitGroup::new()));
}

/// The shipped wait group with its notify only when the count reaches zero from a
/// clone's drop, and the waiter checking the count before it holds the lock: a drop
/// between that check and the wait is missed.
struct CheckedOutsideTheLock {
    live: Arc<(Mutex<usize>, Condvar)>,
}

struct Member(Arc<(Mutex<usize>, Condvar)>);

impl Drop for Member {
    fn drop(&mut self) {
        let (live, all_done) = &*self.0;
        let mut live = live.lock().unwrap_or_else(PoisonError::into_inner);
        *live -= 1;
        if *live == 0 {
            all_done.notify_all();
        }
    }
}

impl Group for CheckedOutsideTheLock {
    type Member = Member;
    fn join(&self) -> Member {
        *self.live.0.lock().unwrap_or_else(PoisonError::into_inner) += 1;
        Member(self.live.clone())
    }
    fn wait(self) {
        let (live, all_done) = &*self.live;
        let waiting = *live.lock().unwrap_or_else(PoisonError::into_inner) > 0;
        if waiting {
            drop(
                all_done
                    .wait(live.lock().unwrap_or_else(PoisonError::into_inner))
                    .unwrap_or_else(PoisonError::into_inner),
            );
        }
    }
}

#[test]
#[ignore = "a broken variant, run in a child process by the test that must catch it"]
fn loom_broken_wait_group_check_outside_the_lock() {
    explore("broken wait group: check outside the lock", || {
        model(CheckedOutsideTheLock {
            live: Arc::new((Mutex::new(0), Condvar::new())),
        });
    });
}

#[test]
fn loom_wait_group_model_catches_a_check_outside_the_lock() {
    let test = concat!(
        module_path!(),
        "::loom_broken_wait_group_check_outside_the_lock"
    );
    assert!(caught(test, "deadlock"));
}
