//! The async suite tests itself: every async check, run against an async engine broken in
//! the way that check exists to catch, must fail, and say why in words that name the
//! engine and the property; and the real async engines pass it (their own test crates run
//! the whole suite on them).

mod async_broken;

use std::panic::catch_unwind;

use async_broken::*;
use fanout_conformance as suite;
use fanout_core::AsyncFanOutFanIn;

/// Runs `check` on engine `E` and expects it to fail with a message naming `E`, the
/// `property` and containing one of `reasons`.
fn expect_caught<E: AsyncFanOutFanIn>(check: fn(), property: &str, reasons: &[&str]) {
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
        reasons.iter().any(|reason| message.contains(reason)),
        "expected one of {reasons:?} in: {message}"
    );
}

#[test]
fn async_exactly_once_catches_a_lost_result() {
    expect_caught::<LosesAResult>(
        suite::async_exactly_once::<LosesAResult>,
        "async_exactly_once",
        &["lost"],
    );
}

#[test]
fn async_bounded_catches_an_input_drained_ahead_of_the_workers() {
    expect_caught::<PullsEagerly>(
        suite::async_bounded::<PullsEagerly>,
        "async_bounded",
        &["polled ahead of the workers"],
    );
}

#[test]
fn async_workers_catches_an_id_beyond_workers() {
    expect_caught::<IdBeyondWorkers>(
        suite::async_workers::<IdBeyondWorkers>,
        "async_workers",
        &["outside 1..="],
    );
}

#[test]
fn async_workers_catches_one_future_too_many() {
    // With more futures than ids, two of them share an id too; whichever shows first.
    expect_caught::<OneFutureTooMany>(
        suite::async_workers::<OneFutureTooMany>,
        "async_workers",
        &["more than the", "held the same worker id"],
    );
}

#[test]
fn async_workers_catches_fewer_futures_in_progress_than_workers() {
    expect_caught::<OneAtATime>(
        suite::async_workers::<OneAtATime>,
        "async_workers",
        &["were never all in progress at once"],
    );
}

#[test]
fn async_cancellation_catches_a_run_polled_after_the_drop() {
    expect_caught::<KeepsPolling>(
        suite::async_cancellation::<KeepsPolling>,
        "async_cancellation",
        &["were polled"],
    );
}

#[test]
fn async_cancellation_catches_a_task_left_behind() {
    expect_caught::<LeavesATask>(
        suite::async_cancellation::<LeavesATask>,
        "async_cancellation",
        &["tasks of the run still alive"],
    );
}

#[test]
fn async_panics_catches_a_swallowed_panic() {
    expect_caught::<SwallowsPanics>(
        suite::async_panics::<SwallowsPanics>,
        "async_panics",
        &["never reached the consumer"],
    );
}

#[test]
fn async_no_leaks_catches_forgotten_results() {
    expect_caught::<LeaksResults>(
        suite::async_no_leaks::<LeaksResults>,
        "async_no_leaks",
        &["never dropped"],
    );
}

#[test]
fn async_ordered_catches_results_out_of_order() {
    expect_caught::<Unordered>(
        suite::async_ordered::<Unordered>,
        "async_ordered",
        &["was due"],
    );
}

#[test]
fn async_ordered_catches_a_reorder_buffer_beyond_the_bound() {
    expect_caught::<OrderedGateTooWide>(
        suite::async_ordered::<OrderedGateTooWide>,
        "async_ordered",
        &["above in_flight_bound()"],
    );
}

#[test]
fn async_on_callers_runtime_catches_a_hidden_runtime() {
    expect_caught::<HiddenRuntime>(
        suite::async_on_callers_runtime::<HiddenRuntime>,
        "async_on_callers_runtime",
        &["not on the caller's runtime"],
    );
}
