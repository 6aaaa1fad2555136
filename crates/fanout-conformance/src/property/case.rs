//! One case of the property: run a [`Scenario`] on an engine, then check everything it
//! promises.

use std::collections::BTreeSet;
use std::panic::{AssertUnwindSafe, catch_unwind, panic_any};
use std::sync::Arc;
use std::thread;
use std::time::Duration;

use fanout_core::kit::PanicPayload;
use fanout_core::{FanOutFanIn, WorkerId};

use super::scenario::Scenario;
use crate::accounting::{AliveTasks, Baseline, expect_no_newcomers, threads_before_engine};
use crate::checks::{expect_all_dropped_once, expect_stopped};
use crate::probe::{Boom, Probe, Tracked};
use crate::watchdog::{Check, panic_message};

/// How a case's run ended for the consumer.
enum Ending {
    /// `next()` returned `None`.
    Finished,
    /// The consumer dropped the iterator after the results it wanted.
    Dropped,
    /// A panic resumed at the consumer.
    Panicked(PanicPayload),
}

/// What the consumer saw.
struct Consumed {
    /// The ids of the results, in the order received.
    ids: Vec<u64>,
    /// A worker id outside `1..=workers`, if one came.
    stray_worker: Option<WorkerId>,
    /// The most items in flight seen after any result.
    most_in_flight: usize,
    ending: Ending,
    /// The message of a panic raised by dropping the iterator.
    drop_panicked: Option<String>,
}

/// Runs `scenario` on a fresh engine `E` and checks: exactly-once delivery (or the panic
/// at the consumer), input order for `run_ordered`, worker ids in range, the in-flight
/// bound, every value dropped once, the run stopped and its threads and tasks gone, and
/// then the engine's own threads gone once it is dropped.
pub(crate) fn run_case<E: FanOutFanIn>(
    check: &Check,
    scenario: &Scenario,
    alive_tasks: AliveTasks<E>,
) {
    let before_engine = threads_before_engine(check);
    let engine: E = check.engine(scenario.workers, scenario.capacity);
    check.case(scenario);
    let baseline = Baseline::of(check, &engine, alive_tasks);
    let probe = Probe::new();
    let consumed = consume(&engine, &probe, scenario);
    // The most telling failure first: a swallowed panic or a leaked result also shows as
    // lost items and as items forever in flight.
    if let Some(message) = &consumed.drop_panicked {
        check.fail(format_args!("dropping the iterator panicked: {message}"));
    }
    expect_panic_where_due(check, scenario, &consumed);
    expect_stopped(check, &probe);
    expect_all_dropped_once(check, &probe);
    expect_results(check, scenario, &consumed);
    let bound = engine.in_flight_bound();
    check.ensure(consumed.most_in_flight <= bound, || {
        // An item that vanished counts as in flight for ever; a swallowed panic is one way.
        let vanished = match (&consumed.ending, scenario.panic_due()) {
            (Ending::Dropped, Some(at)) => format!(
                "; item {at}'s work panicked, and its panic never reached the consumer before \
                 it dropped the run"
            ),
            _ => String::new(),
        };
        format!(
            "{} items in flight (pulled, result not yet received), above in_flight_bound() = \
             {bound}{vanished}",
            consumed.most_in_flight
        )
    });
    baseline.expect_run_gone(check);
    drop(engine);
    expect_no_newcomers(check, &before_engine, "of the engine");
}

fn consume<E: FanOutFanIn>(engine: &E, probe: &Arc<Probe>, scenario: &Scenario) -> Consumed {
    let maker = Arc::clone(probe);
    let input = probe.input((0..scenario.items).map(move |id| maker.tracked(id)));
    let (shape, panic_at) = (scenario.work, scenario.panic_at);
    let maker = Arc::clone(probe);
    let work = probe.work(move |worker, item: Tracked| {
        shape.spend(item.id);
        if panic_at == Some(item.id) {
            panic_any(Boom(item.id));
        }
        (maker.tracked(item.id), worker)
    });
    let mut results: Box<dyn Iterator<Item = (Tracked, WorkerId)> + Send + '_> = if scenario.ordered
    {
        Box::new(engine.run_ordered(input, work))
    } else {
        Box::new(engine.run(input, work))
    };

    let mut consumed = Consumed {
        ids: Vec::new(),
        stray_worker: None,
        most_in_flight: 0,
        ending: Ending::Finished,
        drop_panicked: None,
    };
    let ending = catch_unwind(AssertUnwindSafe(|| {
        loop {
            if scenario
                .drop_after
                .is_some_and(|after| consumed.ids.len() >= after)
            {
                return Ending::Dropped;
            }
            let Some((result, worker)) = results.next() else {
                return Ending::Finished;
            };
            consumed.most_in_flight = consumed.most_in_flight.max(probe.receive());
            if !(1..=scenario.workers).contains(&worker) {
                consumed.stray_worker = Some(worker);
            }
            consumed.ids.push(result.id);
            drop(result);
            if scenario
                .pause_every
                .is_some_and(|every| consumed.ids.len().is_multiple_of(every))
            {
                thread::sleep(Duration::from_micros(200));
            }
        }
    }));
    consumed.ending = ending.unwrap_or_else(Ending::Panicked);
    let dropped = catch_unwind(AssertUnwindSafe(move || drop(results)));
    consumed.drop_panicked = dropped.err().map(|payload| panic_message(&*payload));
    consumed
}

/// The panic of the scenario's item reached the consumer if it was due, and no other did.
fn expect_panic_where_due(check: &Check, scenario: &Scenario, consumed: &Consumed) {
    match &consumed.ending {
        Ending::Panicked(payload) => match payload.downcast_ref::<Boom>() {
            Some(&Boom(at)) if scenario.panic_due() == Some(at) => {}
            _ => check.fail(format_args!(
                "the consumer got a panic that no part of the run raised: {}",
                panic_message(&**payload)
            )),
        },
        Ending::Finished => {
            if let Some(at) = scenario.panic_due() {
                check.fail(format_args!(
                    "the run ended after {} results and the panic of item {at} never reached \
                     the consumer",
                    consumed.ids.len()
                ));
            }
        }
        Ending::Dropped => {}
    }
}

/// Worker ids in range; each result for an input item, at most once, none for the item
/// that panicked; input order for `run_ordered`; and all of them for a finished run.
fn expect_results(check: &Check, scenario: &Scenario, consumed: &Consumed) {
    let ids = &consumed.ids;
    if let Some(worker) = consumed.stray_worker {
        check.fail(format_args!(
            "a result came from worker {worker}, outside 1..={}",
            scenario.workers
        ));
    }
    if let Some(&stray) = ids.iter().find(|&&id| id >= scenario.items) {
        check.fail(format_args!(
            "a result for item {stray}, which was never input"
        ));
    }
    let distinct: BTreeSet<u64> = ids.iter().copied().collect();
    check.ensure(distinct.len() == ids.len(), || {
        format!(
            "{} of {} results were duplicates",
            ids.len() - distinct.len(),
            ids.len()
        )
    });
    if let Some(at) = scenario.panic_due() {
        check.ensure(!distinct.contains(&at), || {
            format!("a result for item {at}, whose work panicked")
        });
    }
    if scenario.ordered
        && let Some((position, &id)) = ids
            .iter()
            .enumerate()
            .find(|&(position, &id)| id != position as u64)
    {
        check.fail(format_args!("got item {id} where item {position} was due"));
    }
    if matches!(consumed.ending, Ending::Finished) {
        let lost = scenario.items - ids.len() as u64;
        check.ensure(lost == 0, || {
            format!("{lost} of {} items lost (no result)", scenario.items)
        });
    }
}
