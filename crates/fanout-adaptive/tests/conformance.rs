//! The conformance suite, run against the adaptive batch engine.

#![cfg(not(loom))]

fanout_conformance::conformance_tests!(fanout_adaptive::Adaptive);
