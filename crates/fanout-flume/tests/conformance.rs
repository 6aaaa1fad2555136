//! The conformance suite, run against the flume engine.

fanout_conformance::conformance_tests!(fanout_flume::Flume);
