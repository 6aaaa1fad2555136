//! A batch no worker ever acknowledges (here a job that stalls on one item past the ack
//! wait, as a worker dying on it each time would) is delivered `max_deliver` times, and
//! then the run fails naming the batch and the count, instead of waiting for good.

mod support;

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::mpsc;
use std::thread;
use std::time::Duration;

use fanout_core::{FanConfig, WorkerId};
use fanout_nats::{Error, Job, Jobs, LocalServer, Nats, NatsOptions, Worker};
use support::server_state;

/// The item the job stalls on.
const STALLS_ON: u64 = 7;

/// How often the server delivers a batch before it gives up on it.
const MAX_DELIVER: usize = 2;

/// `n -> n`, except that it stalls on [`STALLS_ON`] far past the ack wait.
struct Stalls;

impl Job for Stalls {
    const NAME: &'static str = "stalls";
    type Input = u64;
    type Output = u64;
    fn call(&self, _worker: WorkerId, input: u64) -> u64 {
        if input == STALLS_ON {
            thread::sleep(Duration::from_secs(20));
        }
        input
    }
}

/// A server, a worker whose batches go back after 1 s and at most `MAX_DELIVER` times,
/// and an engine; `None` where the server is absent and skipping was asked for.
fn setup() -> Option<(LocalServer, Worker, Nats)> {
    let server = LocalServer::for_tests(&[])?;
    let options = NatsOptions::new()
        .ack_wait(Duration::from_secs(1))
        .max_deliver(MAX_DELIVER);
    // Room for every delivery of the stalled batch and the others beside them.
    let worker = Worker::start(
        &server.url(),
        2 * MAX_DELIVER,
        Jobs::new().with(Stalls).unwrap(),
        &options,
    )
    .unwrap();
    let engine = Nats::connect(&server.url(), FanConfig::new(2).unwrap()).unwrap();
    Some((server, worker, engine))
}

/// Runs `body` on a thread and gives its value, failing the test if it takes longer
/// than a run waiting for good would be told apart from one that ends.
fn within<T: Send + 'static>(body: impl FnOnce() -> T + Send + 'static) -> T {
    let (done, outcome) = mpsc::channel();
    thread::spawn(move || {
        let _gone = done.send(body());
    });
    outcome
        .recv_timeout(Duration::from_secs(30))
        .expect("the run did not end within 30 s of a batch exhausting max_deliver")
}

#[test]
fn try_run_ends_with_an_error_naming_the_batch_and_the_count() {
    let Some((server, worker, engine)) = setup() else {
        return;
    };
    let (outputs, error) = within(move || {
        let run = engine.try_run(0..20u64, Stalls).unwrap();
        let mut outputs = Vec::new();
        let mut error = None;
        for result in run {
            match result {
                Ok(output) => outputs.push(output),
                Err(failure) => error = Some(failure),
            }
        }
        (outputs, error)
    });
    let Some(Error::Undelivered {
        job,
        first,
        count,
        deliveries,
    }) = error.clone()
    else {
        panic!("expected Error::Undelivered, got {error:?} after {outputs:?}");
    };
    assert_eq!(job, "stalls");
    assert!(
        (first..first + count).contains(&STALLS_ON),
        "the batch named, items {first} to {}, is not the one holding item {STALLS_ON}",
        first + count - 1
    );
    assert_eq!(deliveries, MAX_DELIVER as u64);
    assert!(
        !outputs.contains(&STALLS_ON),
        "item {STALLS_ON} was answered"
    );
    let text = error.unwrap().to_string();
    assert!(
        text.contains(&format!("delivered {MAX_DELIVER} times")) && text.contains("max_deliver"),
        "{text}"
    );
    drop(worker);
    // The run's end removed its batches, the one given up on too.
    assert_eq!(server_state(&server.url()).messages, 0);
}

#[test]
fn run_panics_with_the_error_s_text() {
    let Some((_server, _worker, engine)) = setup() else {
        return;
    };
    let panic = within(move || {
        catch_unwind(AssertUnwindSafe(|| {
            engine.run(0..20u64, Stalls).for_each(drop);
        }))
        .expect_err("the run ended without a panic")
    });
    let message = panic
        .downcast_ref::<String>()
        .expect("a panic with a message");
    assert!(
        message.starts_with("fanout-nats: job `stalls`: the batch of items")
            && message.contains(&format!("delivered {MAX_DELIVER} times")),
        "{message}"
    );
}
