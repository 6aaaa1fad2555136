//! Results larger than the server takes in one message (its `max_payload`, 1 MiB by
//! default): a batch's answers split across messages, and a result too large alone fails
//! its item with an error naming its size and the limit; no run hangs.

mod support;

use std::sync::mpsc;
use std::time::Duration;

use fanout_nats::Error;
use support::{Blob, setup};

/// Far longer than either run needs; a run that has not ended by then hangs.
const HANG: Duration = Duration::from_secs(60);

/// Runs `f` on a thread of its own, failing if it has not returned within [`HANG`].
fn within_bound<T: Send + 'static>(what: &str, f: impl FnOnce() -> T + Send + 'static) -> T {
    let (done, finished) = mpsc::channel();
    std::thread::spawn(move || {
        let _gone = done.send(f());
    });
    finished
        .recv_timeout(HANG)
        .unwrap_or_else(|_| panic!("{what}: the run hangs"))
}

#[test]
fn results_too_large_for_one_message_together_travel_in_several() {
    let Some((_server, engine, _worker)) = setup(2) else {
        return;
    };
    // 48 KiB results: a batch of more than 21 items answers over 1 MiB, and a 1 s target
    // makes batches of dozens.
    let engine = engine.with_target(Duration::from_secs(1));
    let mut ids = within_bound("48 KiB results", move || {
        engine
            .run((0..400u64).map(|id| (id, 48 * 1024)), Blob)
            .map(|(id, bytes)| {
                assert!(bytes.len() == 48 * 1024 && bytes.iter().all(|&b| b == id as u8));
                id
            })
            .collect::<Vec<u64>>()
    });
    ids.sort_unstable();
    assert_eq!(ids, (0..400u64).collect::<Vec<_>>(), "each result once");
}

#[test]
fn a_result_too_large_for_any_message_fails_its_item_naming_size_and_limit() {
    let Some((_server, engine, _worker)) = setup(2) else {
        return;
    };
    let sizes = [10, 2 * 1024 * 1024, 10];
    let error = within_bound("a 2 MiB result", move || {
        engine
            .try_run_ordered((0..3u64).map(move |id| (id, sizes[id as usize])), Blob)
            .unwrap()
            .find_map(Result::err)
    })
    .expect("an error");
    match &error {
        Error::TooLarge {
            job,
            item,
            size,
            limit,
            ..
        } => {
            assert_eq!((job.as_str(), *item), ("blob", 1));
            assert!(*size > 2 * 1024 * 1024 && *limit == 1024 * 1024, "{error}");
        }
        other => panic!("expected a result too large, got {other}"),
    }
    let text = error.to_string();
    assert!(
        text.contains("job `blob`: the result of item 1 is 2097")
            && text.contains("over the server's max_payload of 1048576 bytes"),
        "{text}"
    );
}

/// Sends bytes; no worker serves it, and none needs to: the consumer refuses first.
struct Upload;

impl fanout_nats::Job for Upload {
    const NAME: &'static str = "upload";
    type Input = Vec<u8>;
    type Output = u64;
    fn call(&self, _worker: fanout_core::WorkerId, input: Vec<u8>) -> u64 {
        input.len() as u64
    }
}

#[test]
fn an_input_too_large_for_any_message_is_an_error_naming_size_and_limit() {
    let Some((_server, engine, _worker)) = setup(1) else {
        return;
    };
    let error = engine
        .try_run([vec![1; 2 * 1024 * 1024]], Upload)
        .unwrap()
        .find_map(Result::err)
        .expect("an error");
    assert!(
        matches!(
            error,
            Error::TooLarge {
                item: 0,
                what: "input",
                limit: 1_048_576,
                ..
            }
        ),
        "{error}"
    );
    assert!(
        error
            .to_string()
            .starts_with("job `upload`: the input of item 0 is 2097156 bytes"),
        "{error}"
    );
}
