//! The contract's guarantees against a real `nats-server`, with in-process workers.

mod support;

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use fanout_core::FanConfig;
use fanout_nats::{Error, Jobs, Nats, RemotePanic, WORK_STREAM, Worker};
use support::{
    Fussy, MisfitSquare, PanicsOnThree, ServerState, Slow, Square, Unsendable, quick_options,
    server_state, setup,
};

#[test]
fn exactly_one_result_per_item() {
    let Some((_server, engine, _worker)) = setup(4) else {
        return;
    };
    for count in [0u64, 1, 7, 500] {
        let mut results: Vec<u64> = engine.run(0..count, Square).collect();
        results.sort_unstable();
        let expected: Vec<u64> = (0..count).map(|n| n * n).collect();
        assert_eq!(results, expected, "{count} items");
    }
}

#[test]
fn run_ordered_yields_in_input_order() {
    let Some((_server, engine, _worker)) = setup(3) else {
        return;
    };
    let results: Vec<u64> = engine.run_ordered(0..200u64, Slow).collect();
    assert_eq!(results, (0..200).collect::<Vec<_>>());
}

/// An input that counts what has been pulled from it.
fn counted(
    range: std::ops::RangeFrom<u64>,
) -> (Arc<AtomicU64>, impl Iterator<Item = u64> + Send + 'static) {
    let pulled = Arc::new(AtomicU64::new(0));
    let counter = Arc::clone(&pulled);
    let items = range.inspect(move |_| {
        counter.fetch_add(1, Ordering::SeqCst);
    });
    (pulled, items)
}

#[test]
fn in_flight_stays_within_the_bound_and_input_is_pulled_lazily() {
    let Some((_server, engine, _worker)) = setup(2) else {
        return;
    };
    // Batches of at most 4 items keep the bound small enough to be reached.
    let engine = engine.with_max_batch(4);
    let bound = engine.in_flight_bound() as u64;
    let (pulled, items) = counted(0..);
    let run = engine.try_run(items.take(300), Slow).unwrap();
    assert_eq!(
        pulled.load(Ordering::SeqCst),
        0,
        "nothing is pulled before next()"
    );
    let mut yielded = 0u64;
    for result in run {
        result.unwrap();
        yielded += 1;
        let in_flight = pulled.load(Ordering::SeqCst) - yielded;
        assert!(in_flight <= bound, "{in_flight} in flight, bound {bound}");
    }
    assert_eq!(yielded, 300);
}

#[test]
fn ordered_runs_stay_within_the_bound() {
    let Some((_server, engine, _worker)) = setup(2) else {
        return;
    };
    // Batches of at most 4 items keep the bound small enough to be reached.
    let engine = engine.with_max_batch(4);
    let bound = engine.in_flight_bound() as u64;
    let (pulled, items) = counted(0..);
    let mut yielded = 0u64;
    for (expected, result) in engine.run_ordered(items.take(200), Slow).enumerate() {
        assert_eq!(result, expected as u64);
        yielded += 1;
        let in_flight = pulled.load(Ordering::SeqCst) - yielded;
        assert!(in_flight <= bound, "{in_flight} in flight, bound {bound}");
    }
    assert_eq!(yielded, 200);
}

#[test]
fn streaming_input_an_endless_input_is_pulled_only_as_far_as_needed() {
    let Some((_server, engine, _worker)) = setup(2) else {
        return;
    };
    // Batches of at most 4 items keep the bound small enough to be reached.
    let engine = engine.with_max_batch(4);
    let bound = engine.in_flight_bound() as u64;
    let (pulled, items) = counted(0..);
    let taken: Vec<u64> = engine.run(items, Square).take(25).collect();
    assert_eq!(taken.len(), 25);
    let pulled = pulled.load(Ordering::SeqCst);
    assert!(
        pulled <= 25 + bound,
        "pulled {pulled} items for 25 results, bound {bound}"
    );
}

#[test]
fn two_runs_on_one_server_are_isolated() {
    let Some((server, engine, _worker)) = setup(2) else {
        return;
    };
    let other = Nats::connect(&server.url(), FanConfig::new(2).unwrap()).unwrap();
    let mut first = engine.run(0..300u64, Square);
    let mut second = other.run(1000..1300u64, Slow);
    let (mut from_first, mut from_second) = (Vec::new(), Vec::new());
    loop {
        let (a, b) = (first.next(), second.next());
        if a.is_none() && b.is_none() {
            break;
        }
        from_first.extend(a);
        from_second.extend(b);
    }
    from_first.sort_unstable();
    from_second.sort_unstable();
    assert_eq!(from_first, (0..300u64).map(|n| n * n).collect::<Vec<_>>());
    assert_eq!(from_second, (1000..1300u64).collect::<Vec<_>>());
}

/// How many messages have ever been published to the work stream.
fn work_messages_published(url: &str) -> u64 {
    server_state(url).published
}

#[test]
fn messages_carry_batches_sized_by_the_work() {
    let Some((server, engine, _worker)) = setup(2) else {
        return;
    };
    let url = server.url();
    let messages = |run: &dyn Fn() -> Vec<u64>, expected: Vec<u64>| {
        let before = work_messages_published(&url);
        let mut results = run();
        results.sort_unstable();
        assert_eq!(results, expected);
        work_messages_published(&url) - before
    };
    let squares: Vec<u64> = (0..2_000u64).map(|n| n * n).collect();
    let cheap = messages(
        &|| engine.run(0..2_000u64, Square).collect(),
        squares.clone(),
    );
    assert!(
        cheap <= 100,
        "2 000 cheap items took {cheap} messages; they should travel many to one"
    );
    let slow = messages(&|| engine.run(0..60u64, Slow).collect(), (0..60).collect());
    assert!(
        (13..60).contains(&slow),
        "60 items of 1 ms took {slow} messages; a 20 ms target puts several in each"
    );
    let long = engine.with_target(Duration::from_micros(100));
    let alone = messages(&|| long.run(0..30u64, Slow).collect(), (0..30).collect());
    assert_eq!(alone, 30, "items longer than the target travel alone");
    let single = long.with_max_batch(1).with_target(Duration::from_secs(1));
    let single = messages(
        &|| single.run(0..40u64, Square).collect(),
        squares[..40].to_vec(),
    );
    assert_eq!(
        single, 40,
        "a maximum batch of 1 sends every item on its own"
    );
}

#[test]
fn an_early_drop_leaves_nothing_behind_on_the_server() {
    let Some((server, engine, _worker)) = setup(2) else {
        return;
    };
    let (pulled, items) = counted(0..);
    let taken: Vec<u64> = engine.run(items.take(10_000), Slow).take(5).collect();
    assert_eq!(taken.len(), 5);
    let pulled_at_drop = pulled.load(Ordering::SeqCst);
    // Workers still holding items of the dropped run find its stream gone.
    std::thread::sleep(Duration::from_millis(300));
    assert_eq!(
        pulled.load(Ordering::SeqCst),
        pulled_at_drop,
        "publishing stopped at the drop"
    );
    let ServerState {
        streams,
        messages,
        consumers,
        ..
    } = server_state(&server.url());
    assert_eq!(
        streams,
        [WORK_STREAM],
        "the run's results stream is deleted"
    );
    assert_eq!(messages, 0, "no item of the run is left in the work stream");
    assert_eq!(
        consumers,
        ["fanout-workers"],
        "no consumer of the run is left"
    );
}

#[test]
fn a_finished_run_leaves_nothing_behind_either() {
    let Some((server, engine, _worker)) = setup(2) else {
        return;
    };
    assert_eq!(engine.run(0..50u64, Square).count(), 50);
    let ServerState {
        streams, messages, ..
    } = server_state(&server.url());
    assert_eq!((streams, messages), (vec![WORK_STREAM.to_owned()], 0));
}

/// The message of a panic payload that is a string, as the panic hook prints it.
fn panic_text(payload: Box<dyn std::any::Any + Send>) -> String {
    match payload.downcast::<String>() {
        Ok(text) => *text,
        Err(payload) => payload.downcast_ref::<&str>().map_or_else(
            || "a payload that is not text".to_owned(),
            |text| (*text).to_owned(),
        ),
    }
}

#[test]
fn a_panic_in_a_job_panics_at_the_consumer_saying_which_item_and_why() {
    let Some((_server, engine, _worker)) = setup(2) else {
        return;
    };
    let payload = catch_unwind(AssertUnwindSafe(|| {
        engine.run_ordered(0..10u64, PanicsOnThree).count()
    }))
    .expect_err("the consumer panics");
    let text = panic_text(payload);
    assert!(
        text.starts_with("fanout-nats: item 3 panicked on worker ")
            && text.ends_with(": three is not welcome"),
        "{text}"
    );
    let error = engine
        .try_run_ordered(0..10u64, PanicsOnThree)
        .unwrap()
        .find_map(Result::err)
        .expect("an error");
    match error {
        Error::Panicked(RemotePanic {
            item,
            worker,
            message,
        }) => {
            assert_eq!((item, message.as_str()), (3, "three is not welcome"));
            assert!((1..=2).contains(&worker), "worker {worker}");
        }
        other => panic!("expected a remote panic, got {other}"),
    }
    // The engine serves further runs.
    assert_eq!(engine.run(0..5u64, Square).count(), 5);
}

#[test]
fn a_job_the_workers_do_not_serve_is_refused_naming_what_they_accept() {
    let Some((server, engine, _worker)) = setup(1) else {
        return;
    };
    drop(_worker);
    let _square_only = Worker::start(
        &server.url(),
        1,
        Jobs::new().with(Square).unwrap(),
        &quick_options(),
    )
    .unwrap();
    let error = engine
        .try_run(0..3u64, Slow)
        .unwrap()
        .find_map(Result::err)
        .expect("an error");
    match &error {
        Error::Refused { job, message, .. } => {
            assert_eq!(job, "slow");
            assert!(
                message.contains("unknown job `slow`: this worker serves square"),
                "{message}"
            );
        }
        other => panic!("expected a refusal, got {other}"),
    }
    let payload =
        catch_unwind(AssertUnwindSafe(|| engine.run(0..3u64, Slow).count())).expect_err("panics");
    let text = panic_text(payload);
    assert!(
        text.starts_with("fanout-nats: job `slow`: worker 1 refused item 0: unknown job `slow`"),
        "{text}"
    );
}

#[test]
fn an_unreachable_server_fails_to_connect_within_the_stated_time() {
    // A port that accepts TCP but never speaks NATS, and one that refuses.
    let silent = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let silent_url = format!("nats://{}", silent.local_addr().unwrap());
    let refusing = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap();
    for url in [silent_url, format!("nats://{refusing}")] {
        let started = Instant::now();
        let error = Nats::connect(&url, FanConfig::new(1).unwrap())
            .err()
            .expect("no connection");
        let took = started.elapsed();
        assert!(matches!(error, Error::Connect { .. }), "{error}");
        assert!(error.to_string().contains(&url), "{error}");
        assert!(
            took < Duration::from_secs(4),
            "{url}: took {took:?}, stated 2 s"
        );
    }
}

#[test]
fn an_input_that_fails_to_serialize_is_an_error_naming_the_item() {
    let Some((_server, engine, _worker)) = setup(2) else {
        return;
    };
    let results: Vec<_> = engine
        .try_run_ordered((0..10).map(Unsendable), Fussy)
        .unwrap()
        .collect();
    let (last, done) = results.split_last().expect("results");
    assert!(done.iter().all(Result::is_ok));
    match last {
        Err(error @ Error::Encode { job, item, .. }) => {
            assert_eq!((job.as_str(), *item), ("fussy", 4));
            // postcard keeps no custom message, only that serde failed.
            assert!(
                error
                    .to_string()
                    .starts_with("job `fussy`: item 4 could not be serialized: "),
                "{error}"
            );
        }
        other => panic!("expected an encoding error, got {:?}", other.as_ref().err()),
    }
}

#[test]
fn a_result_that_fails_to_deserialize_is_an_error_naming_the_item() {
    let Some((_server, engine, _worker)) = setup(2) else {
        return;
    };
    let error = engine
        .try_run((5..8).map(Unsendable), Fussy)
        .unwrap()
        .find_map(Result::err)
        .expect("an error");
    assert!(matches!(&error, Error::Decode { item: 0, .. }), "{error}");
    assert!(
        error
            .to_string()
            .starts_with("job `fussy`: the result of item 0 could not be deserialized: "),
        "{error}"
    );
}

#[test]
fn a_message_the_worker_cannot_deserialize_is_refused_naming_the_item() {
    let Some((_server, engine, _worker)) = setup(2) else {
        return;
    };
    let error = engine
        .try_run([[0xff; 12]], MisfitSquare)
        .unwrap()
        .find_map(Result::err)
        .expect("an error");
    assert!(matches!(&error, Error::Refused { item: 0, .. }), "{error}");
    assert!(
        error
            .to_string()
            .contains("refused item 0: the item could not be deserialized"),
        "{error}"
    );
}

#[test]
fn runs_ending_or_dropped_leave_a_concurrent_run_whole() {
    let Some((server, engine, _worker)) = setup(2) else {
        return;
    };
    let other = Nats::connect(&server.url(), FanConfig::new(2).unwrap()).unwrap();
    std::thread::scope(|scope| {
        let long = scope.spawn(|| {
            let mut results: Vec<u64> = engine.run(0..400u64, Slow).collect();
            results.sort_unstable();
            results
        });
        for _ in 0..5 {
            assert_eq!(other.run(0..100u64, Square).take(10).count(), 10);
            assert_eq!(other.run(0..20u64, Square).count(), 20);
        }
        assert_eq!(long.join().unwrap(), (0..400u64).collect::<Vec<_>>());
    });
}
