//! What the user of a consumer sees on stderr, read from a child process (this test
//! binary run again for one test, with the server's URL in `CHILD_URL`): why a failed
//! run stopped, and what a run with no worker waits for.

mod support;

use std::process::{Command, Stdio};
use std::time::Duration;

use fanout_core::FanConfig;
use fanout_nats::{Jobs, LocalServer, Nats, NatsOptions, Worker};
use support::{Slow, Square, all_jobs, quick_options};

/// Set in the child: the URL of the parent's server.
const CHILD_URL: &str = "FANOUT_NATS_TEST_CHILD_URL";

/// Runs test `name` of this binary alone in a child process, the panic hook's output
/// uncaptured; returns whether it passed and its stderr.
fn child(name: &str, url: &str) -> (bool, String) {
    let output = Command::new(std::env::current_exe().expect("the test binary's path"))
        .args([name, "--exact", "--nocapture", "--test-threads=1"])
        .env(CHILD_URL, url)
        .stdin(Stdio::null())
        .output()
        .expect("the test binary runs again");
    (
        output.status.success(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

#[test]
fn a_failed_run_says_why_on_stderr() {
    if let Ok(url) = std::env::var(CHILD_URL) {
        // The consumer of a job no worker serves, as a user would write it.
        let engine = Nats::connect(&url, FanConfig::new(1).unwrap()).unwrap();
        let results: Vec<u64> = engine.run(0..3u64, Slow).collect();
        println!("unexpectedly finished with {results:?}");
        return;
    }
    let Some(server) = LocalServer::for_tests(&[]) else {
        return;
    };
    let square_only = Jobs::new().with(Square).unwrap();
    let _worker = Worker::start(&server.url(), 1, square_only, &quick_options()).unwrap();
    let (passed, stderr) = child("a_failed_run_says_why_on_stderr", &server.url());
    assert!(!passed, "the failed run ended the child normally: {stderr}");
    assert!(
        stderr.contains(
            "fanout-nats: job `slow`: worker 1 refused item 0: unknown job `slow`: \
             this worker serves square"
        ),
        "the child's stderr does not say why: {stderr:?}"
    );
}

#[test]
fn a_run_with_no_worker_says_what_it_waits_for() {
    if let Ok(url) = std::env::var(CHILD_URL) {
        let options = NatsOptions::new().wait_notice(Duration::from_millis(300));
        let engine = Nats::connect_with(&url, FanConfig::new(1).unwrap(), options).unwrap();
        // A worker joins once the run has said a few times that it waits.
        let joining = std::thread::spawn(move || {
            std::thread::sleep(Duration::from_millis(1500));
            Worker::start(&url, 1, all_jobs(), &quick_options()).unwrap()
        });
        let mut squares: Vec<u64> = engine.run(0..5u64, Square).collect();
        squares.sort_unstable();
        assert_eq!(squares, [0, 1, 4, 9, 16]);
        drop(joining.join().unwrap());
        return;
    }
    let Some(server) = LocalServer::for_tests(&[]) else {
        return;
    };
    let (passed, stderr) = child("a_run_with_no_worker_says_what_it_waits_for", &server.url());
    assert!(
        passed,
        "the run did not finish once a worker joined: {stderr}"
    );
    let notices: Vec<&str> = stderr
        .lines()
        .filter(|line| line.starts_with("fanout-nats: run "))
        .collect();
    assert!(notices.len() >= 2, "fewer than two notices: {stderr:?}");
    for notice in notices {
        assert!(
            notice.contains(" items of job `square` in ")
                && notice.contains("no worker has ever joined this server")
                && notice.contains("fanout worker --nats"),
            "{notice}"
        );
    }
}
