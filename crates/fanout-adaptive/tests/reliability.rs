//! The reliability tests (property, faults, thread accounting), run against the adaptive
//! batch engine.

#![cfg(not(loom))]

fanout_conformance::reliability_tests!(fanout_adaptive::Adaptive);
