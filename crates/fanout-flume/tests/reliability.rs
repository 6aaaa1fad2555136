//! The reliability tests (property, faults, thread accounting), run against the flume engine.

fanout_conformance::reliability_tests!(fanout_flume::Flume);
