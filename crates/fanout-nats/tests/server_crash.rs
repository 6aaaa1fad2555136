//! A server killed mid-run (SIGKILL) and restarted on its store: the run still yields
//! each result once, and leaves nothing on the server, even the batches the server had
//! removed in memory but not on disk.

mod support;

use fanout_core::FanConfig;
use fanout_nats::{LocalServer, Nats, Worker};
use support::{ServerState, Slow, all_jobs, quick_options, server_state};

#[test]
fn a_server_killed_mid_run_leaves_no_batch_behind() {
    let Some(mut server) = LocalServer::for_tests(&[]) else {
        return;
    };
    let url = server.url();
    let _worker = Worker::start(&url, 2, all_jobs(), &quick_options()).unwrap();
    let engine = Nats::connect(&url, FanConfig::new(2).unwrap()).unwrap();
    let mut results = Vec::new();
    for result in engine.run(0..2_000u64, Slow) {
        results.push(result);
        if results.len() == 600 {
            server
                .crash_and_restart()
                .expect("the server restarts on its port and store");
        }
    }
    results.sort_unstable();
    assert_eq!(
        results,
        (0..2_000u64).collect::<Vec<_>>(),
        "each result once"
    );
    let ServerState {
        streams, messages, ..
    } = server_state(&url);
    assert_eq!(
        streams,
        ["FANOUT_WORK"],
        "the run's results stream is deleted"
    );
    assert_eq!(
        messages, 0,
        "no batch of the run is left in the work stream"
    );
}
