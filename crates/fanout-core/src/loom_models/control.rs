//! The kit's [`RunControl`]: the stop flag and the first panic of a run.

use std::any::Any;
use std::sync::PoisonError;

use loom::thread;

use crate::kit::{PanicPayload, RunControl};
use crate::loom_check::{caught, explore};
use crate::sync::{Arc, AtomicUsize, Mutex, Ordering};

/// A panic payload that counts its drops.
struct Payload {
    worker: usize,
    dropped: Arc<AtomicUsize>,
}

impl Drop for Payload {
    fn drop(&mut self) {
        self.dropped.fetch_add(1, Ordering::SeqCst);
    }
}

/// What the model needs of a run's control, so that the shipped one and a broken one run
/// it.
trait Control: Send + Sync + 'static {
    fn record_panic(&self, payload: PanicPayload);
    fn take_panic(&self) -> Option<PanicPayload>;
    fn is_stopped(&self) -> bool;
}

impl Control for RunControl {
    fn record_panic(&self, payload: PanicPayload) {
        RunControl::record_panic(self, payload);
    }
    fn take_panic(&self) -> Option<PanicPayload> {
        RunControl::take_panic(self)
    }
    fn is_stopped(&self) -> bool {
        RunControl::is_stopped(self)
    }
}

/// Two workers panic at once; the consumer joins them and takes the run's panic. Checked:
/// the run is stopped; exactly one payload is kept, and it is the first recorded (each
/// worker notes, under a lock of the model's own, whether it found the slot empty, which
/// only the first can); the later one is dropped once, the kept one not at all until the
/// consumer drops it; a second take finds nothing.
fn model<C: Control>(control: &Arc<C>) {
    let dropped = Arc::new(AtomicUsize::new(0));
    let first = Arc::new(Mutex::new(None));
    let workers: Vec<_> = (1..=2)
        .map(|worker| {
            let (control, dropped, first) = (control.clone(), dropped.clone(), first.clone());
            thread::spawn(move || {
                let payload = Box::new(Payload { worker, dropped });
                // The model's own lock around the record pins down which worker recorded
                // first: the one that finds no first worker noted.
                let mut noted = first.lock().unwrap_or_else(PoisonError::into_inner);
                control.record_panic(payload);
                noted.get_or_insert(worker);
            })
        })
        .collect();
    for worker in workers {
        worker.join().unwrap();
    }
    assert!(control.is_stopped(), "a panic stops the run");
    assert_eq!(
        dropped.load(Ordering::SeqCst),
        1,
        "the later panic is dropped once"
    );
    let kept: Box<dyn Any + Send> = control.take_panic().expect("the first panic is kept");
    let kept = kept
        .downcast::<Payload>()
        .expect("a payload of the model's");
    let first = first.lock().unwrap_or_else(PoisonError::into_inner).take();
    assert_eq!(
        Some(kept.worker),
        first,
        "the first panic recorded is the one kept"
    );
    drop(kept);
    assert_eq!(dropped.load(Ordering::SeqCst), 2);
    assert!(control.take_panic().is_none(), "a panic is taken once");
}

#[test]
fn loom_run_control_keeps_the_first_panic_and_drops_the_later_once() {
    explore("run control", || model(&RunControl::new()));
}

/// A control that keeps the latest panic, not the first.
#[derive(Default)]
struct KeepsTheLatest {
    slot: Mutex<Option<PanicPayload>>,
    stopped: crate::sync::AtomicBool,
}

impl Control for KeepsTheLatest {
    fn record_panic(&self, payload: PanicPayload) {
        let earlier = self
            .slot
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .replace(payload);
        self.stopped.store(true, Ordering::Release);
        drop(earlier);
    }
    fn take_panic(&self) -> Option<PanicPayload> {
        self.slot
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .take()
    }
    fn is_stopped(&self) -> bool {
        self.stopped.load(Ordering::Relaxed)
    }
}

#[test]
#[ignore = "a broken variant, run in a child process by the test that must catch it"]
fn loom_broken_run_control_keeps_the_latest() {
    explore("broken run control: keeps the latest", || {
        model(&Arc::new(KeepsTheLatest::default()));
    });
}

#[test]
fn loom_run_control_model_catches_a_control_that_keeps_the_latest_panic() {
    let test = concat!(module_path!(), "::loom_broken_run_control_keeps_the_latest");
    assert!(caught(test, "the first panic recorded is the one kept"));
}
