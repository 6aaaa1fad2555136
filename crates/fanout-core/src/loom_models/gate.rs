//! The ordered gate ([`Gate`]): a lock-free fast path, a `feeder_waiting` flag and a
//! `Condvar` slow path, the classic shape of a lost wake-up.

use std::sync::PoisonError;

use loom::sync::mpsc::channel;
use loom::thread;

use crate::loom_check::{caught, explore};
use crate::ordered::Gate;
use crate::sync::{Arc, AtomicU64, Condvar, Mutex, Ordering};

/// Items the feeder pulls through a window of one: it waits at the gate for each after the
/// first.
const ITEMS: u64 = 3;

/// The gate's interface, so that the shipped gate and the broken one run the same model.
pub(super) trait Gated: Send + Sync + 'static {
    fn admit(&self, index: u64) -> bool;
    fn advance(&self);
}

impl Gated for Gate {
    fn admit(&self, index: u64) -> bool {
        Gate::admit(self, index)
    }
    fn advance(&self) {
        Gate::advance(self);
    }
}

/// A feeder pulls [`ITEMS`] items through a window of one while the consumer yields each
/// in order. Checked: the gate never admits item `index` while `index >= yielded + 1`
/// (`yielded` counted by the consumer before it opens the gate), and the feeder waiting
/// at the gate is always woken when the window opens: a lost wake-up leaves both threads
/// blocked, which loom reports.
pub(super) fn window_model<G: Gated>(gate: G) {
    let gate = Arc::new(gate);
    let yielded = Arc::new(AtomicU64::new(0));
    let (pulled, engine) = channel();
    let feeder = {
        let (gate, yielded) = (gate.clone(), yielded.clone());
        thread::spawn(move || {
            for index in 0..ITEMS {
                assert!(gate.admit(index), "the gate closed on its own");
                let open = yielded.load(Ordering::SeqCst) + 1;
                assert!(
                    index < open,
                    "item {index} admitted with the window at {open}"
                );
                pulled.send(index).unwrap();
            }
        })
    };
    for index in 0..ITEMS {
        assert_eq!(engine.recv().unwrap(), index);
        yielded.store(index + 1, Ordering::SeqCst);
        gate.advance();
    }
    feeder.join().unwrap();
}

#[test]
fn loom_gate_admits_within_the_window_and_never_loses_a_wake_up() {
    explore("gate window", || window_model(Gate::new(1)));
}

#[test]
fn loom_gate_close_wakes_a_waiting_feeder() {
    // Checked: a feeder waiting at a closed window returns `false` once the consumer
    // closes the gate, whenever the close lands.
    explore("gate close", || {
        let gate = Arc::new(Gate::new(1));
        let feeder = {
            let gate = gate.clone();
            thread::spawn(move || gate.admit(1))
        };
        gate.close();
        assert!(!feeder.join().unwrap(), "a closed gate admits nothing");
    });
}

/// The shipped gate's slow path with the flag set after the look at the count, in a
/// second step: a consumer advancing between the two sees no waiter and wakes nobody.
struct FlagAfterCheck {
    state: AtomicU64,
    lock: Mutex<()>,
    wakeup: Condvar,
}

const WAITING: u64 = 1 << 63;

impl Gated for FlagAfterCheck {
    fn admit(&self, index: u64) -> bool {
        loop {
            if index < (self.state.load(Ordering::SeqCst) & !WAITING) + 1 {
                return true;
            }
            let guard = self.lock.lock().unwrap_or_else(PoisonError::into_inner);
            if index < (self.state.load(Ordering::SeqCst) & !WAITING) + 1 {
                continue;
            }
            self.state.fetch_or(WAITING, Ordering::SeqCst);
            drop(
                self.wakeup
                    .wait(guard)
                    .unwrap_or_else(PoisonError::into_inner),
            );
        }
    }

    fn advance(&self) {
        if self.state.fetch_add(1, Ordering::SeqCst) & WAITING != 0 {
            self.state.fetch_and(!WAITING, Ordering::SeqCst);
            let _guard = self.lock.lock().unwrap_or_else(PoisonError::into_inner);
            self.wakeup.notify_all();
        }
    }
}

/// A gate that opens one item too early.
struct OffByOne(Gate);

impl Gated for OffByOne {
    fn admit(&self, index: u64) -> bool {
        self.0.admit(index.saturating_sub(1))
    }
    fn advance(&self) {
        self.0.advance();
    }
}

#[test]
#[ignore = "a broken variant, run in a child process by the test that must catch it"]
fn loom_broken_gate_flag_after_check() {
    explore("broken gate: flag after check", || {
        window_model(FlagAfterCheck {
            state: AtomicU64::new(0),
            lock: Mutex::new(()),
            wakeup: Condvar::new(),
        });
    });
}

#[test]
fn loom_gate_model_catches_a_flag_set_after_its_check() {
    let test = concat!(module_path!(), "::loom_broken_gate_flag_after_check");
    assert!(caught(test, "deadlock"));
}

#[test]
#[ignore = "a broken variant, run in a child process by the test that must catch it"]
fn loom_broken_gate_off_by_one() {
    explore("broken gate: off by one", || {
        window_model(OffByOne(Gate::new(1)));
    });
}

#[test]
fn loom_gate_model_catches_a_window_one_too_wide() {
    let test = concat!(module_path!(), "::loom_broken_gate_off_by_one");
    assert!(caught(test, "admitted with the window at"));
}
