//! The async `run_ordered`'s gate ([`StreamGate`]): a shut gate keeps the waker of the
//! input's task, and opening or closing the gate wakes it.

use std::future::poll_fn;

use loom::future::block_on;
use loom::thread;

use crate::async_ordered::StreamGate;
use crate::flaw::{FLAW, Flaw};
use crate::loom_check::{caught, explore};
use crate::sync::Arc;

use super::gate::{Gated, window_model};

/// The input's task, blocked on the gate: polled again only when its waker is woken (a
/// waker lost leaves it blocked for good, which loom reports).
impl Gated for StreamGate {
    fn admit(&self, index: u64) -> bool {
        block_on(poll_fn(|cx| StreamGate::admit(self, index, cx.waker())))
    }
    fn advance(&self) {
        StreamGate::advance(self);
    }
}

/// Checked, by the blocking gate's model run on this gate: it never admits item `index`
/// while `index >= yielded + 1`, and the input's task waiting at the shut gate is always
/// woken when the window opens.
#[test]
fn loom_stream_gate_admits_within_the_window_and_never_loses_a_wake_up() {
    explore("stream gate window", || window_model(StreamGate::new(1)));
}

#[test]
fn loom_stream_gate_close_wakes_a_waiting_input() {
    // Checked: the input's task waiting at a shut gate gets the end once the consumer
    // closes the gate, whenever the close lands.
    explore("stream gate close", || {
        let gate = Arc::new(StreamGate::new(1));
        let input = {
            let gate = gate.clone();
            thread::spawn(move || Gated::admit(&*gate, 1))
        };
        gate.close();
        assert!(!input.join().unwrap(), "a closed gate admits nothing");
    });
}

#[test]
#[ignore = "a broken variant, run in a child process by the test that must catch it"]
fn loom_broken_stream_gate_keeps_no_waker() {
    *FLAW.lock().unwrap() = Some(Flaw::StreamGateKeepsNoWaker);
    explore("broken stream gate: keeps no waker", || {
        window_model(StreamGate::new(1));
    });
}

#[test]
fn loom_stream_gate_model_catches_a_gate_that_keeps_no_waker() {
    let test = concat!(module_path!(), "::loom_broken_stream_gate_keeps_no_waker");
    assert!(caught(test, "deadlock"));
}
