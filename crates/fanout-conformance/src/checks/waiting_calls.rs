//! Guarantee 4, for calls that wait for one another: every worker can be busy at once for
//! any input, and no item waits behind a call in progress while a worker could run it.

use std::sync::{Arc, Condvar, Mutex, PoisonError};
use std::time::Duration;

use fanout_core::FanOutFanIn;

use super::{PATIENCE, echo, expect_exactly_once};
use crate::watchdog::under_watchdog;

/// Every call waits until the calls of its group are all in progress: the calls are
/// grouped by the order they start in, `workers` to a group (fewer in the last, with what
/// is left of the input), as in a pipeline stage that synchronises its workers. Run over
/// inputs of several lengths, it completes only if an engine can have `workers` calls in
/// progress at any point of any input, the items a worker holds included.
pub fn calls_that_wait<E: FanOutFanIn + 'static>() {
    under_watchdog::<E>("calls_that_wait", |check| {
        for workers in [2, 3, 8] {
            let engine: E = check.engine(workers, 1);
            let random = check.vary(5, 2..=40);
            for items in [
                1,
                workers as u64 - 1,
                workers as u64,
                3 * workers as u64 + 1,
                random,
            ] {
                check.case(format_args!(
                    "workers={workers} capacity=1 items={items}, each call waits for the \
                     {workers} calls of its group"
                ));
                let groups = Arc::new(Groups::new(workers as u64, items));
                let work = {
                    let groups = Arc::clone(&groups);
                    move |worker, item| {
                        groups.arrive_and_wait(PATIENCE);
                        echo(worker, item)
                    }
                };
                check.run(&engine, 0..items, work, |mut results| {
                    expect_exactly_once(check, &mut results, items);
                });
                let stuck = groups.timed_out();
                check.ensure(stuck == 0, || {
                    format!(
                        "{stuck} calls waited {PATIENCE:?} for the rest of their group of \
                         {workers}: the engine did not run {workers} calls at once, though \
                         it held unstarted items"
                    )
                });
            }
        }
    });
}

/// One call among fast ones waits until every other call has finished: no item may wait
/// behind it, in its worker's batch or anywhere else, while another worker is free.
/// Random states vary which item is slow and the input's length.
pub fn slow_call<E: FanOutFanIn + 'static>() {
    under_watchdog::<E>("slow_call", |check| {
        for workers in [2, 4] {
            let engine: E = check.engine(workers, 2);
            for items in [2, 20, check.vary(200, 2..=400)] {
                let slow = check.vary(0, 0..=items - 1);
                check.case(format_args!(
                    "workers={workers} capacity=2 items={items}, item {slow} waits until the \
                     {} others have finished",
                    items - 1
                ));
                let finished = Arc::new(Finished::default());
                let work = {
                    let finished = Arc::clone(&finished);
                    move |worker, item| {
                        if item == slow {
                            finished.wait_for(items - 1, PATIENCE);
                        } else {
                            finished.one_more();
                        }
                        echo(worker, item)
                    }
                };
                check.run(&engine, 0..items, work, |mut results| {
                    expect_exactly_once(check, &mut results, items);
                });
                check.ensure(!finished.waited_in_vain(), || {
                    format!(
                        "item {slow} waited {PATIENCE:?} for the other {} calls, and only {} \
                         finished: items were held behind the slow call while a worker was \
                         free",
                        items - 1,
                        finished.count()
                    )
                });
            }
        }
    });
}

/// Calls grouped by the order they arrive in, each group complete once all its calls are.
struct Groups {
    size: u64,
    items: u64,
    state: Mutex<GroupsState>,
    arrived: Condvar,
}

#[derive(Default)]
struct GroupsState {
    arrived: u64,
    timed_out: usize,
}

impl Groups {
    fn new(size: u64, items: u64) -> Groups {
        Groups {
            size,
            items,
            state: Mutex::default(),
            arrived: Condvar::new(),
        }
    }

    /// Arrives, and waits until every call of this call's group has arrived, or `timeout`.
    fn arrive_and_wait(&self, timeout: Duration) {
        let mut state = self.state.lock().unwrap_or_else(PoisonError::into_inner);
        let place = state.arrived;
        state.arrived += 1;
        self.arrived.notify_all();
        let group_start = place - place % self.size;
        let group_end = (group_start + self.size).min(self.items);
        let (mut state, waited) = self
            .arrived
            .wait_timeout_while(state, timeout, |state| state.arrived < group_end)
            .unwrap_or_else(PoisonError::into_inner);
        if waited.timed_out() && state.arrived < group_end {
            state.timed_out += 1;
        }
    }

    fn timed_out(&self) -> usize {
        self.state
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .timed_out
    }
}

/// A count of finished calls that one call can wait on.
#[derive(Default)]
struct Finished {
    state: Mutex<(u64, bool)>,
    changed: Condvar,
}

impl Finished {
    fn one_more(&self) {
        self.state.lock().unwrap_or_else(PoisonError::into_inner).0 += 1;
        self.changed.notify_all();
    }

    /// Waits until `count` calls have finished, or `timeout` (noted as waiting in vain).
    fn wait_for(&self, count: u64, timeout: Duration) {
        let state = self.state.lock().unwrap_or_else(PoisonError::into_inner);
        let (mut state, waited) = self
            .changed
            .wait_timeout_while(state, timeout, |state| state.0 < count)
            .unwrap_or_else(PoisonError::into_inner);
        if waited.timed_out() && state.0 < count {
            state.1 = true;
        }
    }

    fn count(&self) -> u64 {
        self.state.lock().unwrap_or_else(PoisonError::into_inner).0
    }

    fn waited_in_vain(&self) -> bool {
        self.state.lock().unwrap_or_else(PoisonError::into_inner).1
    }
}
