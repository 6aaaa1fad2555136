//! Messages on the work stream that no run published: each is terminated or deleted,
//! none is redelivered for good, and a run beside them finishes, each result once.

mod support;

use std::time::{Duration, Instant};

use support::{ServerState, Square, server_state, setup};

/// One framed item: a `u64` square's input.
const ONE_ITEM: &[u8] = &[1, 0, 0, 0, 7];

#[test]
fn forged_messages_are_terminated_or_deleted_and_runs_go_on() {
    let Some((server, engine, _worker)) = setup(2) else {
        return;
    };
    let headers = |lines: &str| format!("NATS/1.0\r\n{lines}\r\n").into_bytes();
    let batch = |run: &str| {
        headers(&format!(
            "Fanout-Job: square\r\nFanout-Run: {run}\r\nFanout-Item: 0\r\nFanout-Count: 1\r\n"
        ))
    };
    let forgeries: Vec<(&str, Vec<u8>)> = vec![
        ("fanout.work.spaced", batch("a b")),
        ("fanout.work.other", batch("not-this-one")),
        ("fanout.work.colon", headers("Fanout-Job square\r\n")),
        ("fanout.work.status", b"NATS/1.0 503\r\n\r\n".to_vec()),
        (
            "fanout.work.bytes",
            b"NATS/1.0\r\nFanout-Job: \xff\xfe\r\n\r\n".to_vec(),
        ),
        (
            "fanout.work.counted",
            headers(
                "Fanout-Job: square\r\nFanout-Run: counted\r\nFanout-Item: 0\r\nFanout-Count: 3\r\n",
            ),
        ),
    ];
    for (subject, header) in &forgeries {
        server.forge(subject, header, ONE_ITEM);
    }
    let started = Instant::now();
    let mut squares: Vec<u64> = engine.run(0..200u64, Square).collect();
    squares.sort_unstable();
    assert_eq!(squares, (0..200u64).map(|n| n * n).collect::<Vec<_>>());
    // Generous: each forgery goes at its first delivery; the bound only catches one
    // that is redelivered again and again.
    let deadline = started + Duration::from_secs(30);
    loop {
        let ServerState {
            messages,
            max_deliver,
            ..
        } = server_state(&server.url());
        assert_eq!(
            max_deliver,
            Some(10),
            "a batch is delivered at most 10 times"
        );
        if messages == 0 {
            break;
        }
        assert!(
            Instant::now() < deadline,
            "{messages} forged messages are still on the work stream after 30 s"
        );
        std::thread::sleep(Duration::from_millis(200));
    }
}
