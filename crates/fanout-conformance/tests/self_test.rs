//! The suite tests itself: every check, run against an engine broken in the way that check
//! exists to catch, must fail, and say why in words that name the engine and the property.

mod broken;

use std::panic::catch_unwind;

use broken::*;
use fanout_conformance as suite;
use fanout_core::FanOutFanIn;

/// Runs `check` on engine `E` and expects it to fail with a message naming `E`, the
/// `property` and containing `reason`.
fn expect_caught<E: FanOutFanIn>(check: fn(), property: &str, reason: &str) {
    let failure = catch_unwind(check).expect_err(&format!(
        "`{property}` passed on the broken engine {}",
        E::NAME
    ));
    let message = failure
        .downcast_ref::<String>()
        .cloned()
        .unwrap_or_else(|| String::from("(not text)"));
    let named = format!("{}: `{property}`", E::NAME);
    assert!(message.contains(&named), "expected `{named}` in: {message}");
    assert!(
        message.contains(reason),
        "expected `{reason}` in: {message}"
    );
}

#[test]
fn exactly_once_catches_a_lost_item() {
    expect_caught::<LosesItem>(suite::exactly_once::<LosesItem>, "exactly_once", "lost");
}

#[test]
fn exactly_once_catches_a_duplicated_item() {
    expect_caught::<Duplicates>(
        suite::exactly_once::<Duplicates>,
        "exactly_once",
        "more than one result",
    );
}

#[test]
fn streaming_catches_an_engine_that_collects_its_input_first() {
    expect_caught::<CollectsFirst>(
        suite::streaming::<CollectsFirst>,
        "streaming",
        "collect the input first",
    );
}

#[test]
fn bounded_catches_an_understated_bound() {
    expect_caught::<UnderstatesBound>(
        suite::bounded::<UnderstatesBound>,
        "bounded",
        "above in_flight_bound()",
    );
}

#[test]
fn workers_catches_worker_ids_out_of_range() {
    expect_caught::<CountsFromZero>(suite::workers::<CountsFromZero>, "workers", "outside 1..=");
}

#[test]
fn workers_catches_more_workers_than_configured() {
    expect_caught::<OneWorkerTooMany>(
        suite::workers::<OneWorkerTooMany>,
        "workers",
        "ran at once, more than",
    );
}

#[test]
fn early_drop_catches_threads_left_running() {
    expect_caught::<LeavesThreads>(
        suite::early_drop::<LeavesThreads>,
        "early_drop",
        "does not wait for the run's threads",
    );
}

#[test]
fn panics_catches_a_swallowed_panic() {
    expect_caught::<SwallowsPanics>(
        suite::panics::<SwallowsPanics>,
        "panics",
        "never reached the consumer",
    );
}

#[test]
fn no_leaks_catches_forgotten_results() {
    expect_caught::<LeaksResults>(suite::no_leaks::<LeaksResults>, "no_leaks", "never dropped");
}

#[test]
fn sharing_catches_an_engine_that_serves_one_run_at_a_time() {
    expect_caught::<OneRunAtATime>(
        suite::sharing::<OneRunAtATime>,
        "sharing",
        "serves one run at a time",
    );
}

#[test]
fn ordered_catches_results_out_of_order() {
    expect_caught::<Unordered>(suite::ordered::<Unordered>, "ordered", "was due");
}

#[test]
fn edges_catches_an_engine_that_rejects_capacity_zero() {
    expect_caught::<NoRendezvous>(suite::edges::<NoRendezvous>, "edges", "capacity=0");
}
