//! A cluster of three servers survives losing one: with the work stream at 3 replicas
//! and its leader SIGKILLed mid-run, the run yields each result once and ends, and
//! leaves nothing on the servers left.

mod support;

use std::sync::mpsc;
use std::time::{Duration, Instant};

use fanout_core::FanConfig;
use fanout_nats::{LocalCluster, Nats, WORK_STREAM, Worker};
use support::{ServerState, Slow, all_jobs, quick_options, server_state, stream_leader};

/// Items of 1 ms: about a second of work for two workers, so the kill comes mid-run.
const ITEMS: u64 = 2_000;

/// How many results the run yields before the leader is killed.
const KILL_AT: usize = 600;

/// A generous bound on the whole run, so that a run that stalls for good fails the test
/// rather than hanging it; no speed is asserted.
const NO_HANG: Duration = Duration::from_secs(60);

#[test]
fn a_run_survives_the_work_streams_leader_killed() {
    let Some(mut cluster) = LocalCluster::for_tests(3) else {
        return;
    };
    let urls = cluster.urls();
    let options = quick_options().replicas(3);
    let _worker = Worker::start(&urls, 2, all_jobs(), &options).unwrap();
    let engine = Nats::connect_with(&urls, FanConfig::new(2).unwrap(), options).unwrap();
    let started = Instant::now();
    let (reached, at_kill) = mpsc::channel();
    let (killed, resume) = mpsc::channel::<()>();
    let (done, finished) = mpsc::channel();
    // The run goes on a thread of its own, so that a run that never ends fails the test.
    std::thread::spawn(move || {
        let mut results = Vec::new();
        for result in engine.run(0..ITEMS, Slow) {
            results.push(result);
            if results.len() == KILL_AT {
                let _ = reached.send(());
                // The rest of the run waits until the leader is dead: the kill is mid-run.
                let _ = resume.recv();
            }
        }
        let _ = done.send(results);
    });
    at_kill
        .recv_timeout(NO_HANG)
        .expect("the run yields its first results");
    let (_, any) = cluster.servers().next().unwrap();
    let leader = stream_leader(&any.url(), WORK_STREAM).expect("the work stream has a leader");
    cluster.kill(&leader).unwrap();
    killed.send(()).unwrap();
    let mut results = finished
        .recv_timeout(NO_HANG.saturating_sub(started.elapsed()))
        .unwrap_or_else(|_| panic!("the run did not end within {NO_HANG:?} of its start"));
    results.sort_unstable();
    assert_eq!(results, (0..ITEMS).collect::<Vec<_>>(), "each result once");

    let (_, alive) = cluster
        .servers()
        .find(|(name, server)| *name != leader && server.pid().is_some())
        .unwrap();
    let new_leader = stream_leader(&alive.url(), WORK_STREAM);
    assert!(
        new_leader.is_some() && new_leader.as_deref() != Some(leader.as_str()),
        "another server leads the work stream after {leader} died: {new_leader:?}"
    );
    let ServerState {
        streams, messages, ..
    } = server_state(&alive.url());
    assert_eq!(
        streams,
        [WORK_STREAM],
        "the run's results stream is deleted"
    );
    assert_eq!(
        messages, 0,
        "no batch of the run is left in the work stream"
    );
}
