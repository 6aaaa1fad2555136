//! The async conformance suite, run against both async engines on tokio.

mod tokio_tasks {
    fanout_conformance::async_conformance_tests!(fanout_tokio::TokioTasks);
}

mod joinset {
    fanout_conformance::async_conformance_tests!(fanout_tokio::JoinSetLimit);
}
