//! The conformance suite, run against the rayon engine.

fanout_conformance::conformance_tests!(fanout_rayon::Rayon);
