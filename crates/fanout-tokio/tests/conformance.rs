//! The conformance suite, run against the tokio engine.

fanout_conformance::conformance_tests!(fanout_tokio::Tokio);
