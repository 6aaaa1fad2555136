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
    expect_caught_by_any::<E>(check, property, &[reason]);
}

/// As [`expect_caught`], with a message containing one of `reasons`: for random cases in
/// which one breakage shows in more than one way, whichever check sees it first.
fn expect_caught_by_any<E: FanOutFanIn>(check: fn(), property: &str, reasons: &[&str]) {
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

/// As [`expect_caught`], for an engine broken only in its scoped runs: the failure must
/// come from the check's scoped form.
fn expect_caught_scoped<E: FanOutFanIn>(check: fn(), property: &str, reason: &str) {
    expect_caught::<E>(check, property, reason);
    let message = catch_unwind(check)
        .expect_err("the check passed on its second try")
        .downcast_ref::<String>()
        .cloned()
        .unwrap_or_default();
    let scoped_form = format!("`{property}` (scoped, with run_in) failed");
    assert!(
        message.contains(&scoped_form),
        "expected `{scoped_form}` in: {message}"
    );
}

/// A result that never reaches the consumer also counts, until the run ends, as an item in
/// flight: with the queues full, the bound check can see it before the end-of-run check.
const ALSO_IN_FLIGHT: &str = "above in_flight_bound()";

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
fn calls_that_wait_catches_items_held_behind_a_call() {
    expect_caught::<HoldsPairs>(
        suite::calls_that_wait::<HoldsPairs>,
        "calls_that_wait",
        "though it held unstarted items",
    );
}

#[test]
fn slow_call_catches_items_held_behind_a_slow_call() {
    expect_caught::<HoldsPairs>(
        suite::slow_call::<HoldsPairs>,
        "slow_call",
        "held behind the slow call",
    );
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

#[test]
fn early_drop_catches_a_thread_left_behind() {
    expect_caught::<LeavesAThread>(
        suite::early_drop::<LeavesAThread>,
        "early_drop",
        "threads of the run still alive",
    );
}

#[test]
fn exactly_once_catches_an_item_lost_by_a_scoped_run_only() {
    expect_caught_scoped::<ScopedLosesItem>(
        suite::exactly_once::<ScopedLosesItem>,
        "exactly_once",
        "lost",
    );
}

#[test]
fn early_drop_catches_a_scoped_run_that_leaves_its_threads_to_the_scope() {
    expect_caught_scoped::<ScopedLeavesThreads>(
        suite::early_drop::<ScopedLeavesThreads>,
        "early_drop",
        "does not wait for the run's threads",
    );
}

/// The property with enough cases to meet every kind of scenario, and no shrinking: a
/// self-test needs the failure, not the smallest one.
fn quick() -> proptest::test_runner::Config {
    let mut config = suite::property_config(None);
    config.cases = 48;
    config.max_shrink_iters = 0;
    config
}

#[test]
fn property_catches_a_lost_item() {
    expect_caught_by_any::<LosesItem>(
        || suite::property::<LosesItem>(quick(), suite::no_tasks),
        "property",
        &["lost", ALSO_IN_FLIGHT],
    );
}

#[test]
fn property_catches_an_understated_bound() {
    expect_caught::<UnderstatesBound>(
        || suite::property::<UnderstatesBound>(quick(), suite::no_tasks),
        "property",
        "above in_flight_bound()",
    );
}

#[test]
fn property_catches_forgotten_results() {
    expect_caught_by_any::<LeaksResults>(
        || suite::property::<LeaksResults>(quick(), suite::no_tasks),
        "property",
        &["never dropped", ALSO_IN_FLIGHT],
    );
}

#[test]
fn property_catches_a_swallowed_panic() {
    // Only cases with a panicking item that no early drop cuts off can see this breakage,
    // and 48 cases held none once in a full test run: four times as many, stopping at the
    // first that does.
    expect_caught_by_any::<SwallowsPanics>(
        || {
            let mut config = quick();
            config.cases *= 4;
            suite::property::<SwallowsPanics>(config, suite::no_tasks);
        },
        "property",
        &["never reached the consumer", ALSO_IN_FLIGHT],
    );
}

#[test]
fn property_catches_results_out_of_order() {
    expect_caught::<Unordered>(
        || suite::property::<Unordered>(quick(), suite::no_tasks),
        "property",
        "was due",
    );
}

#[test]
fn property_catches_a_thread_left_behind() {
    expect_caught::<LeavesAThread>(
        || suite::property::<LeavesAThread>(quick(), suite::no_tasks),
        "property",
        "threads of the run still alive",
    );
}

#[test]
fn property_catches_a_task_left_behind() {
    expect_caught::<LeavesATask>(
        || suite::property::<LeavesATask>(quick(), LeavesATask::alive_tasks),
        "property",
        "tasks of the run still alive",
    );
}

#[test]
fn panics_in_work_catches_a_swallowed_panic() {
    expect_caught::<SwallowsPanics>(
        || suite::panics_in_work::<SwallowsPanics>(suite::no_tasks),
        "panics_in_work",
        "never reached the consumer",
    );
}

#[test]
fn panicking_input_catches_an_input_panic_taken_for_its_end() {
    expect_caught::<EndsInputOnPanic>(
        || suite::panicking_input::<EndsInputOnPanic>(suite::no_tasks),
        "panicking_input",
        "never reached the consumer",
    );
}

#[test]
fn panicking_drops_catches_a_drop_panic_thrown_at_a_gone_consumer() {
    expect_caught::<ReadsAhead>(
        || suite::panicking_drops::<ReadsAhead>(suite::no_tasks),
        "panicking_drops",
        "a panic escaped the run to a consumer that had gone",
    );
}

#[test]
fn slow_call_at_drop_catches_a_drop_that_keeps_the_run_going() {
    expect_caught::<DrainsOnDrop>(
        || suite::slow_call_at_drop::<DrainsOnDrop>(suite::no_tasks),
        "slow_call_at_drop",
        "the drop kept the run going",
    );
}

#[test]
fn slow_call_at_drop_catches_a_drop_that_does_not_wait() {
    expect_caught::<LeavesThreads>(
        || suite::slow_call_at_drop::<LeavesThreads>(suite::no_tasks),
        "slow_call_at_drop",
        "drop returned while the slow call was still running",
    );
}

#[test]
fn consumer_on_another_thread_catches_a_thread_affine_iterator() {
    expect_caught::<ThreadAffine>(
        || suite::consumer_on_another_thread::<ThreadAffine>(suite::no_tasks),
        "consumer_on_another_thread",
        "lost",
    );
}

#[test]
fn eight_threads_share_one_engine_catches_runs_that_stop_each_other() {
    expect_caught::<OneStopFlag>(
        || suite::eight_threads_share_one_engine::<OneStopFlag>(suite::no_tasks),
        "eight_threads_share_one_engine",
        "lost",
    );
}

#[test]
fn nested_fan_out_catches_an_engine_that_serves_one_run_per_process() {
    expect_caught::<ProcessWideRun>(
        || suite::nested_fan_out::<ProcessWideRun>(suite::no_tasks),
        "nested_fan_out",
        "busy with another run",
    );
}

#[test]
fn too_many_workers_catches_a_silent_partial_run() {
    expect_caught::<SwallowsSpawnFailure>(
        || {
            suite::too_many_workers::<SwallowsSpawnFailure>(
                suite::no_tasks,
                concat!(
                    module_path!(),
                    "::too_many_workers_catches_a_silent_partial_run"
                ),
            );
        },
        "too_many_workers",
        "silent partial run",
    );
}
