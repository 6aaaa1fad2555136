//! The work stream's replica count: what is accepted, and what a single server refuses,
//! each a clear error rather than a run that waits.

use fanout_core::FanConfig;
use fanout_nats::{Error, LocalServer, Nats, NatsOptions};

fn connect(url: &str, options: NatsOptions) -> Result<Nats, Error> {
    Nats::connect_with(url, FanConfig::new(1).unwrap(), options)
}

#[test]
fn a_count_outside_1_to_5_is_refused_before_connecting() {
    for replicas in [0, 6, usize::MAX] {
        let error = connect("nats://127.0.0.1:1", NatsOptions::new().replicas(replicas))
            .err()
            .expect("the count is refused");
        assert!(matches!(error, Error::Config(_)), "{replicas}: {error}");
        assert!(
            error.to_string().contains("replicas must be in 1..=5")
                && error.to_string().contains(&format!("(got {replicas})")),
            "{replicas}: {error}"
        );
    }
}

#[test]
fn a_single_server_takes_one_replica_and_says_so_for_more() {
    let Some(server) = LocalServer::for_tests(&[]) else {
        return;
    };
    let error = connect(&server.url(), NatsOptions::new().replicas(3))
        .err()
        .expect("a single server refuses 3 replicas");
    assert!(
        error
            .to_string()
            .contains("creating the work stream FANOUT_WORK with 3 replicas")
            && error.to_string().contains("a single server takes 1"),
        "{error}"
    );
    // One replica, the default, works; asking for another count than the stream's is an
    // error naming both.
    connect(&server.url(), NatsOptions::new()).unwrap();
    connect(&server.url(), NatsOptions::new().replicas(1)).unwrap();
    let error = connect(&server.url(), NatsOptions::new().replicas(2))
        .err()
        .expect("the stream has 1 replica");
    assert!(
        error
            .to_string()
            .contains("the work stream FANOUT_WORK exists with 1 replica(s), not the 2 asked for"),
        "{error}"
    );
}
