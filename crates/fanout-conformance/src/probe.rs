//! Instruments for the checks: a [`Probe`] that counts what crosses the engine's input and
//! output and how many calls of `work` run, and the values the checks send through.

use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Condvar, Mutex, PoisonError};
use std::time::{Duration, Instant};

use fanout_core::{Work, WorkerId};

/// The payload of every panic a check raises on purpose, carrying the item it came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Boom(pub u64);

/// What the checks' `work` returns: which item, by which worker.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Echo {
    /// The input item.
    pub item: u64,
    /// The worker that processed it.
    pub worker: WorkerId,
}

/// Counts, shared between a check and the input, `work` and values it hands an engine.
#[derive(Debug, Default)]
pub(crate) struct Probe {
    pulled: AtomicUsize,
    received: AtomicUsize,
    calls_started: AtomicUsize,
    active_calls: AtomicUsize,
    most_active_calls: AtomicUsize,
    values_made: AtomicUsize,
    values_dropped: AtomicUsize,
    inputs_alive: AtomicUsize,
    works_alive: AtomicUsize,
}

impl Probe {
    pub(crate) fn new() -> Arc<Probe> {
        Arc::default()
    }

    /// Items the engine has pulled from a probed input.
    pub(crate) fn pulled(&self) -> usize {
        self.pulled.load(Ordering::SeqCst)
    }

    /// Counts one result received by the consumer and returns how many items are now in
    /// flight: pulled from the input, result not yet received.
    pub(crate) fn receive(&self) -> usize {
        let received = self.received.fetch_add(1, Ordering::SeqCst) + 1;
        self.pulled().saturating_sub(received)
    }

    /// Calls of probed `work` started so far.
    pub(crate) fn calls_started(&self) -> usize {
        self.calls_started.load(Ordering::SeqCst)
    }

    /// Calls of probed `work` started so far, once that count has not changed for `still`
    /// (polled every millisecond); `None` if it was still changing after `patience`.
    pub(crate) fn calls_started_once_still(
        &self,
        still: Duration,
        patience: Duration,
    ) -> Option<usize> {
        let started = Instant::now();
        let mut calls = self.calls_started();
        let mut unchanged_since = Instant::now();
        while unchanged_since.elapsed() < still {
            if started.elapsed() > patience {
                return None;
            }
            std::thread::sleep(Duration::from_millis(1));
            let now = self.calls_started();
            if now != calls {
                calls = now;
                unchanged_since = Instant::now();
            }
        }
        Some(calls)
    }

    /// Calls of probed `work` running now.
    pub(crate) fn active_calls(&self) -> usize {
        self.active_calls.load(Ordering::SeqCst)
    }

    /// The most calls of probed `work` that ran at once.
    pub(crate) fn most_active_calls(&self) -> usize {
        self.most_active_calls.load(Ordering::SeqCst)
    }

    /// Probed inputs and `work` closures not yet dropped, as (inputs, works).
    pub(crate) fn alive(&self) -> (usize, usize) {
        (
            self.inputs_alive.load(Ordering::SeqCst),
            self.works_alive.load(Ordering::SeqCst),
        )
    }

    /// Tracked values made and dropped so far.
    pub(crate) fn values(&self) -> (usize, usize) {
        (
            self.values_made.load(Ordering::SeqCst),
            self.values_dropped.load(Ordering::SeqCst),
        )
    }

    /// Wraps `items` so that pulls are counted and its drop is seen.
    pub(crate) fn input<I: Iterator>(self: &Arc<Self>, items: I) -> ProbedInput<I> {
        ProbedInput {
            items,
            _alive: Alive::new(self, |probe| &probe.inputs_alive),
            probe: Arc::clone(self),
        }
    }

    /// Wraps `work` so that running calls are counted and its drop is seen.
    pub(crate) fn work<T, R>(self: &Arc<Self>, work: impl Work<T, R>) -> impl Work<T, R> {
        let alive = Alive::new(self, |probe| &probe.works_alive);
        let probe = Arc::clone(self);
        move |worker, item| {
            let _alive = &alive;
            probe.calls_started.fetch_add(1, Ordering::SeqCst);
            let now = probe.active_calls.fetch_add(1, Ordering::SeqCst) + 1;
            probe.most_active_calls.fetch_max(now, Ordering::SeqCst);
            // Counted down by a guard so that a call that panics is counted as ended too.
            let _call = CallGuard(&probe);
            work(worker, item)
        }
    }

    /// A value whose making and dropping this probe counts.
    pub(crate) fn tracked(self: &Arc<Self>, id: u64) -> Tracked {
        self.values_made.fetch_add(1, Ordering::SeqCst);
        Tracked {
            id,
            probe: Arc::clone(self),
            panics_on_drop: false,
        }
    }
}

struct CallGuard<'a>(&'a Probe);

impl Drop for CallGuard<'_> {
    fn drop(&mut self) {
        self.0.active_calls.fetch_sub(1, Ordering::SeqCst);
    }
}

/// Counts one live object in a probe's counter for as long as it lives.
struct Alive {
    probe: Arc<Probe>,
    counter: fn(&Probe) -> &AtomicUsize,
}

impl Alive {
    fn new(probe: &Arc<Probe>, counter: fn(&Probe) -> &AtomicUsize) -> Alive {
        counter(probe).fetch_add(1, Ordering::SeqCst);
        Alive {
            probe: Arc::clone(probe),
            counter,
        }
    }
}

impl Drop for Alive {
    fn drop(&mut self) {
        (self.counter)(&self.probe).fetch_sub(1, Ordering::SeqCst);
    }
}

/// An input whose pulls the probe counts.
pub(crate) struct ProbedInput<I> {
    items: I,
    probe: Arc<Probe>,
    _alive: Alive,
}

impl<I: Iterator> Iterator for ProbedInput<I> {
    type Item = I::Item;

    fn next(&mut self) -> Option<I::Item> {
        let item = self.items.next()?;
        self.probe.pulled.fetch_add(1, Ordering::SeqCst);
        Some(item)
    }
}

/// A value that counts its own drop, to prove every item and result is dropped once.
#[derive(Debug)]
pub(crate) struct Tracked {
    pub(crate) id: u64,
    probe: Arc<Probe>,
    panics_on_drop: bool,
}

impl Tracked {
    /// The same value, made to panic with `Boom(id)` when it is dropped (once counted).
    pub(crate) fn panicking_on_drop(mut self) -> Tracked {
        self.panics_on_drop = true;
        self
    }
}

impl Drop for Tracked {
    fn drop(&mut self) {
        self.probe.values_dropped.fetch_add(1, Ordering::SeqCst);
        if self.panics_on_drop {
            std::panic::panic_any(Boom(self.id));
        }
    }
}

/// A barrier whose wait gives up after a deadline instead of hanging. Once one wait has
/// given up the barrier is broken, as std's barriers are poisoned, and every later wait
/// fails at once, so a failing check reports after one deadline, not one per party.
pub(crate) struct TimedBarrier {
    parties: usize,
    state: Mutex<BarrierState>,
    changed: Condvar,
}

#[derive(Default)]
struct BarrierState {
    arrived: usize,
    broken: bool,
}

impl TimedBarrier {
    pub(crate) fn new(parties: usize) -> TimedBarrier {
        TimedBarrier {
            parties,
            state: Mutex::default(),
            changed: Condvar::new(),
        }
    }

    /// Arrives and waits for all parties; `false` if they were not all here by `timeout`.
    pub(crate) fn wait(&self, timeout: Duration) -> bool {
        let mut state = self.state.lock().unwrap_or_else(PoisonError::into_inner);
        state.arrived += 1;
        self.changed.notify_all();
        let (mut state, _) = self
            .changed
            .wait_timeout_while(state, timeout, |state| {
                state.arrived < self.parties && !state.broken
            })
            .unwrap_or_else(PoisonError::into_inner);
        if state.arrived < self.parties {
            state.broken = true;
            self.changed.notify_all();
            return false;
        }
        true
    }
}

/// A one-way latch: closed until [`open`](Latch::open), then open for good.
#[derive(Default)]
pub(crate) struct Latch {
    open: Mutex<bool>,
    opened: Condvar,
    was_opened: AtomicBool,
}

impl Latch {
    pub(crate) fn open(&self) {
        *self.open.lock().unwrap_or_else(PoisonError::into_inner) = true;
        self.was_opened.store(true, Ordering::SeqCst);
        self.opened.notify_all();
    }

    pub(crate) fn is_open(&self) -> bool {
        self.was_opened.load(Ordering::SeqCst)
    }

    /// Waits for the latch to open; `false` if it was still closed at `timeout`.
    pub(crate) fn wait(&self, timeout: Duration) -> bool {
        let open = self.open.lock().unwrap_or_else(PoisonError::into_inner);
        let (open, _) = self
            .opened
            .wait_timeout_while(open, timeout, |open| !*open)
            .unwrap_or_else(PoisonError::into_inner);
        *open
    }
}

/// Polls `condition` until it holds or `timeout` passes; whether it held.
pub(crate) fn eventually(timeout: Duration, mut condition: impl FnMut() -> bool) -> bool {
    let deadline = Instant::now() + timeout;
    loop {
        if condition() {
            return true;
        }
        if Instant::now() >= deadline {
            return false;
        }
        std::thread::sleep(Duration::from_millis(1));
    }
}
