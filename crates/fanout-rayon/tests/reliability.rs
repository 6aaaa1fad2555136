//! The reliability tests (property, faults, thread accounting), run against the rayon engine.

fanout_conformance::reliability_tests!(fanout_rayon::Rayon);
