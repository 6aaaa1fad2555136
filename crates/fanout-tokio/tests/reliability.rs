//! The reliability tests (property, faults, thread and task accounting), run against the
//! tokio engine, whose runtime's live tasks must also be back to none after every run.

fanout_conformance::reliability_tests!(
    fanout_tokio::Tokio,
    alive_tasks = |engine: &fanout_tokio::Tokio| engine.handle().metrics().num_alive_tasks()
);
