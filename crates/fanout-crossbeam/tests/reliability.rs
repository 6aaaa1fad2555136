//! The reliability tests (property, faults, thread accounting), run against the crossbeam engine.

fanout_conformance::reliability_tests!(fanout_crossbeam::Crossbeam);
