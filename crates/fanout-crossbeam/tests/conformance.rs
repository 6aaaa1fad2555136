//! The conformance suite, run against the crossbeam engine.

fanout_conformance::conformance_tests!(fanout_crossbeam::Crossbeam);
