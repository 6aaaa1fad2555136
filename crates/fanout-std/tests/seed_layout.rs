//! The conformance suite, run against the seed-layout engine.

fanout_conformance::conformance_tests!(fanout_std::SeedLayout);
