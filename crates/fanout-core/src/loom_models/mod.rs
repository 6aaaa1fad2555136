//! Loom models of the synchronisation this crate writes itself, built only with
//! `RUSTFLAGS="--cfg loom"`: `cargo test -p fanout-core --lib --release loom`.
//!
//! Each model runs the shipped code (its atomics, locks and threads come from
//! [`crate::sync`]) over every interleaving of two or three threads within a preemption
//! bound ([`crate::loom_check`]), and states the property it checks. Beside each, a broken
//! variant of the same primitive (a flag set after its check, a check outside the lock, a
//! window one too wide, the wrong panic kept, a poll's end announced relaxed, a wait
//! before the receiver is dropped, a shut gate that keeps no waker) must be caught, so
//! that no model passes by accident: each variant is an ignored test that a catching test
//! runs in a child process. A variant is a copy of the primitive with the flaw, beside its
//! model, or the shipped code with one [`Flaw`](crate::flaw::Flaw) switched on.

mod cancellation;
mod control;
mod gate;
mod one_slot;
mod results;
mod stream_gate;
mod wait_group;
