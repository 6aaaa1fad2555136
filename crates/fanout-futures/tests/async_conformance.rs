//! The async conformance suite, run against the buffer-unordered engine.

fanout_conformance::async_conformance_tests!(fanout_futures::BufferUnordered);
