//! The conformance suite, run against the adaptive batch engine.

fanout_conformance::conformance_tests!(fanout_batch::Adaptive);
