//! Guarantee 7: every item and result is dropped exactly once, however the run ends.

use std::panic::{AssertUnwindSafe, catch_unwind, panic_any};
use std::sync::Arc;

use fanout_core::FanOutFanIn;

use super::expect_all_dropped_once;
use crate::probe::{Boom, Probe, Tracked};
use crate::watchdog::{Check, Results, under_watchdog};

/// How a run ends in the leak check.
#[derive(Clone, Copy, Debug)]
enum Ending {
    Completes,
    DroppedAfter(usize),
    WorkPanicsAt(u64),
    InputPanicsAt(u64),
}

/// Every item and every result made is dropped exactly once, whether the run completes, is
/// dropped early, or panics in `work` or in the input; in plain and ordered runs. Random
/// states vary where the run is dropped or panics.
pub fn no_leaks<E: FanOutFanIn + 'static>() {
    under_watchdog::<E>("no_leaks", |check| {
        let endings = [
            Ending::Completes,
            Ending::DroppedAfter(check.vary(10, 0..=499)),
            Ending::WorkPanicsAt(check.vary(20, 0..=499)),
            Ending::InputPanicsAt(check.vary(30, 0..=499)),
        ];
        for (workers, capacity) in [(1, 0), (4, 3)] {
            let engine: E = check.engine(workers, capacity);
            for ending in endings {
                for ordered in [false, true] {
                    check.case(format_args!(
                        "workers={workers} capacity={capacity} items=500 ordered={ordered} {ending:?}"
                    ));
                    let probe = Probe::new();
                    one_run(check, &engine, &probe, ending, ordered);
                    expect_all_dropped_once(check, &probe);
                }
            }
        }
    });
}

fn one_run<E: FanOutFanIn>(
    check: &Check,
    engine: &E,
    probe: &Arc<Probe>,
    ending: Ending,
    ordered: bool,
) {
    let input = {
        let probe = Arc::clone(probe);
        (0..500u64).map(move |id| {
            if matches!(ending, Ending::InputPanicsAt(at) if at == id) {
                panic_any(Boom(id));
            }
            probe.tracked(id)
        })
    };
    let work = {
        let probe = Arc::clone(probe);
        move |_, item: Tracked| {
            if matches!(ending, Ending::WorkPanicsAt(at) if at == item.id) {
                panic_any(Boom(item.id));
            }
            probe.tracked(item.id)
        }
    };
    let consume = |results: Results<'_, Tracked>| match ending {
        Ending::DroppedAfter(count) => results.take(count).for_each(drop),
        _ => results.for_each(drop),
    };
    // The panicking endings panic at the consumer; that is the panics check's business.
    let _ = catch_unwind(AssertUnwindSafe(|| {
        if ordered {
            check.run_ordered(engine, input, work, consume);
        } else {
            check.run(engine, input, work, consume);
        }
    }));
}
