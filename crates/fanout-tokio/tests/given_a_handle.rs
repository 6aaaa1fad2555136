//! The async engines given a runtime's `Handle`: their tasks go on that runtime, and the
//! stream is consumed from outside it, as a caller without a runtime of its own would.

use fanout_core::{AsyncFanOutFanIn, FanConfig};
use fanout_tokio::{JoinSetLimit, TokioTasks};
use futures_util::{StreamExt, stream};
use tokio::runtime::{Builder, Handle, Runtime};

const THREAD_NAME: &str = "given-runtime";

fn given_runtime() -> Runtime {
    Builder::new_multi_thread()
        .worker_threads(2)
        .thread_name(THREAD_NAME)
        .enable_all()
        .build()
        .expect("a runtime")
}

/// Runs 50 items through `engine` from a current-thread runtime of the test's own, and
/// returns the name of the thread each call of `work` ran on, in input order.
fn threads_of_work<E: AsyncFanOutFanIn>(engine: &E) -> Vec<String> {
    let consumer = Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("a runtime");
    consumer.block_on(async {
        engine
            .run_ordered(stream::iter(0..50u32), |_worker, _item| async {
                tokio::task::yield_now().await;
                std::thread::current()
                    .name()
                    .unwrap_or("unnamed")
                    .to_owned()
            })
            .collect()
            .await
    })
}

/// Checks that an engine made by `with_handle` runs every call of `work` on that runtime.
fn runs_on_the_runtime_given<E: AsyncFanOutFanIn>(with_handle: fn(E, Handle) -> E) {
    let runtime = given_runtime();
    let engine = with_handle(E::new(FanConfig::new(4).unwrap()), runtime.handle().clone());
    let threads = threads_of_work(&engine);
    assert_eq!(threads.len(), 50);
    assert!(
        threads.iter().all(|name| name == THREAD_NAME),
        "{threads:?}"
    );
}

#[test]
fn tokio_tasks_run_on_the_runtime_given() {
    runs_on_the_runtime_given(TokioTasks::with_handle);
}

#[test]
fn joinset_tasks_run_on_the_runtime_given() {
    runs_on_the_runtime_given(JoinSetLimit::with_handle);
}

#[test]
fn without_a_handle_the_tasks_run_on_the_callers_runtime() {
    let engine = TokioTasks::new(FanConfig::new(4).unwrap());
    let threads = threads_of_work(&engine);
    assert!(
        threads.iter().all(|name| name != THREAD_NAME),
        "{threads:?}"
    );
}
