//! The conformance suite, run against the std-mpsc engine.

fanout_conformance::conformance_tests!(fanout_std::StdMpsc);
