//! [`Consumer`]: the consumer's end of a run, whose `next()` works too: it hands out a
//! queued batch of results if there is one, and otherwise runs an item itself, taken from
//! its own deque or stolen from a thread's, sleeping only when there is neither.

use std::time::{Duration, Instant};

use fanout_core::WorkerId;
use fanout_core::sync::Arc;

use crate::deque::{Deque, drop_each};
use crate::feeder::feeder_loop;
use crate::pool::SharedThreads;
use crate::worker::Run;

/// While the input has not ended, the consumer's sleep is cut short after this long: a
/// thread may be stuck inside the input's `next()` (an input that waits, or `run_ordered`'s
/// gate waiting for the consumer) with items it already pulled that nobody has announced.
const LONGEST_BLIND_SLEEP: Duration = Duration::from_micros(200);

/// The longest the consumer spins for a batch or an item before it sleeps. Two workers
/// that split a batch finish their last items up to one item apart; the thread then pulls
/// its next batch within microseconds, sooner than a sleeping consumer could be woken, and
/// the core would be idle meanwhile anyway.
const SPIN_FOR: Duration = Duration::from_micros(20);

/// How long the consumer spins when its last wait ended within this: a thread finishing a
/// heavy item among light ones (skewed work) then pulls within it, and a consumer asleep by
/// then costs a wake-up. Where the waits are longer (calls that sleep), spinning this long
/// delays the run instead (results/NOTES.md).
const SPIN_AFTER_SHORT_WAIT: Duration = Duration::from_micros(60);

/// How many short waits in a row the consumer needs to see before it spins longer: one
/// short wait among long ones is chance.
const SHORT_WAITS_IN_A_ROW: u32 = 2;

/// How long the consumer spins before its first result: a kept thread that slept since the
/// last run takes tens of microseconds to wake and pull, and a consumer asleep by then
/// would cost a second wake-up.
const SPIN_AT_START: Duration = Duration::from_micros(100);

/// What one look of the consumer found.
enum Look<R> {
    /// A batch, now in the consumer's hands.
    Batch,
    /// What `next()` returns: a result, or the run's end.
    Answer(Option<R>),
    /// Nothing to do yet.
    Nothing,
}

/// The consumer's end of a run with threads.
pub(crate) struct Consumer<'scope, I: Iterator, F, R> {
    run: Arc<Run<I, F, R>>,
    /// Items the consumer stole, stealable in turn while it is away from `next()`.
    own: Deque<I::Item>,
    /// The rest of the last batch taken from the hub.
    batch: std::vec::IntoIter<R>,
    /// Results handed out so far: items the consumer ran and results taken from the hub.
    handed_out: u64,
    /// The consumer's worker id, and its place among the run's deques (the last).
    worker: WorkerId,
    /// How many items to ask the feeder for next: doubled at each request while the
    /// threads stay busy, back to the fewest once a thread hands in a batch.
    request: usize,
    max_batch: usize,
    /// When the consumer last found nothing to do, while it still finds nothing.
    idle_since: Option<Instant>,
    /// How long the consumer idles before it asks the feeder: the work one batch carries,
    /// longer than any thread that is not stuck takes to pull its next batch.
    patience: Duration,
    /// The feeder, until the consumer first needs it.
    feeder: Option<Feeder<'scope, I::Item>>,
    /// When the consumer began to wait, while it waits.
    waiting_since: Option<Instant>,
    /// How many of its last waits in a row ended within [`SPIN_AFTER_SHORT_WAIT`].
    short_waits: u32,
}

/// What it takes to start the feeder: the run's threads and the feeder's deque.
pub(crate) struct Feeder<'scope, T> {
    pub(crate) threads: SharedThreads<'scope>,
    pub(crate) worker: WorkerId,
    pub(crate) own: Deque<T>,
}

/// The fewest items the consumer asks the feeder for.
const FEWEST_REQUESTED: usize = 2;

impl<'scope, I, F, R> Consumer<'scope, I, F, R>
where
    I: Iterator + Send + 'scope,
    I::Item: Send + 'scope,
    F: Fn(WorkerId, I::Item) -> R + Send + Sync + 'scope,
    R: Send + 'scope,
{
    pub(crate) fn new(
        run: Arc<Run<I, F, R>>,
        own: Deque<I::Item>,
        worker: WorkerId,
        max_batch: usize,
        feeder: Feeder<'scope, I::Item>,
    ) -> Self {
        // Loom does not model time: the models' consumer asks the feeder at once.
        let patience = if cfg!(loom) {
            Duration::ZERO
        } else {
            run.target
        };
        Consumer {
            run,
            own,
            batch: Vec::new().into_iter(),
            handed_out: 0,
            worker,
            request: FEWEST_REQUESTED,
            max_batch,
            idle_since: None,
            patience,
            feeder: Some(feeder),
            waiting_since: None,
            short_waits: 0,
        }
    }

    /// The next result: `None` once every item pulled has been handed out and the input has
    /// ended, or once the run has stopped.
    pub(crate) fn next(&mut self) -> Option<R> {
        loop {
            if let Some(result) = self.batch.next() {
                return Some(self.hand_out(result));
            }
            match self.look(false) {
                Look::Batch => continue,
                Look::Answer(answer) => return answer,
                Look::Nothing => {}
            }
            if self.spin() {
                continue;
            }
            // Mark the hub, look once more, and sleep only if the hub has not moved. A stop
            // recorded before the mark is seen here: whoever stopped the run moved the
            // hub after it, or a thread that ends moves it.
            let mark = self.run.hub.mark();
            match self.look(true) {
                Look::Batch => continue,
                Look::Answer(answer) => return answer,
                Look::Nothing => {}
            }
            let blind = !self.run.source.has_ended();
            let idle_since = *self.idle_since.get_or_insert_with(Instant::now);
            if blind && idle_since.elapsed() >= self.patience {
                // Every thread is stuck: the feeder pulls for the consumer.
                self.start_feeder();
                self.run.hub.request_pull(self.request);
                self.request = (self.request * 2).min(self.max_batch.max(FEWEST_REQUESTED));
            }
            self.run.hub.consumer_sleep(
                mark,
                self.handed_out,
                blind.then_some(LONGEST_BLIND_SLEEP),
            );
        }
    }

    /// One look for something to do: the run stopped or ended (`None`), a queued batch
    /// (taken into `batch`), or an item of its own or stolen, run here. Cheap items are
    /// stolen only on the look before a sleep (`eager`).
    fn look(&mut self, eager: bool) -> Look<R> {
        if self.run.control.is_stopped() {
            return Look::Answer(None);
        }
        if self.take_batch() {
            return Look::Batch;
        }
        if let Some(item) = self.find_item(eager) {
            return Look::Answer(self.run_item(item));
        }
        if self.run.source.total() == Some(self.handed_out) {
            return Look::Answer(None);
        }
        Look::Nothing
    }

    /// Takes the next queued batch into `batch`, if one is queued.
    fn take_batch(&mut self) -> bool {
        if !self.run.hub.looks_queued() {
            return false;
        }
        match self.run.hub.take(self.handed_out) {
            Some(batch) => {
                self.busy_again();
                self.batch = batch.into_iter();
                self.request = FEWEST_REQUESTED;
                true
            }
            None => false,
        }
    }

    /// An item to run: the consumer's own, or stolen from a thread (cheap items only when
    /// `eager`).
    fn find_item(&mut self, eager: bool) -> Option<I::Item> {
        self.own
            .pop()
            .or_else(|| self.run.consumer_steal(self.worker - 1, &self.own, eager))
    }

    /// Spins until a batch is queued or an item can be stolen (pushed into the consumer's
    /// own deque), for at most [`SPIN_AT_START`] before the first result,
    /// [`SPIN_AFTER_SHORT_WAIT`] after short waits in a row, and [`SPIN_FOR`] otherwise;
    /// whether one was.
    fn spin(&mut self) -> bool {
        // Loom does not model time; the models check the sleeping path alone.
        if cfg!(loom) || !self.run.spin {
            return false;
        }
        let limit = if self.handed_out == 0 {
            SPIN_AT_START
        } else if self.short_waits >= SHORT_WAITS_IN_A_ROW {
            SPIN_AFTER_SHORT_WAIT
        } else {
            SPIN_FOR
        };
        let started = Instant::now();
        self.waiting_since.get_or_insert(started);
        while started.elapsed() < limit {
            if self.run.hub.looks_queued() {
                return true;
            }
            if let Some(item) = self.run.consumer_steal(self.worker - 1, &self.own, false) {
                self.own.push(item);
                return true;
            }
            std::hint::spin_loop();
        }
        false
    }

    /// Starts the feeder, the first time the consumer needs it.
    fn start_feeder(&mut self) {
        if let Some(Feeder {
            threads,
            worker,
            own,
        }) = self.feeder.take()
        {
            let run = Arc::clone(&self.run);
            threads.start(worker, move || feeder_loop(&run, own));
        }
    }

    /// The consumer has something to do: it is no longer idle, and the wait that has just
    /// ended, if it waited, counts as short or long.
    fn busy_again(&mut self) {
        self.idle_since = None;
        if let Some(since) = self.waiting_since.take() {
            self.short_waits = if since.elapsed() <= SPIN_AFTER_SHORT_WAIT {
                self.short_waits.saturating_add(1)
            } else {
                0
            };
        }
    }

    fn run_item(&mut self, item: I::Item) -> Option<R> {
        self.busy_again();
        let result = self
            .run
            .control
            .call(|| (self.run.work)(self.worker, item))?;
        Some(self.hand_out(result))
    }

    /// Counts a result handed out, and publishes the count if a thread waits for it.
    fn hand_out(&mut self, result: R) -> R {
        self.handed_out += 1;
        if self.run.hub.room_wanted() {
            self.run.hub.publish(self.handed_out);
        }
        result
    }
}

impl<I: Iterator, F, R> Drop for Consumer<'_, I, F, R> {
    /// Closes the hub, so that every thread wakes and ends, and drops what the consumer
    /// holds one batch at a time, each panic in a `Drop` recorded: dropping them together
    /// would stop at the first such panic and leak the rest.
    fn drop(&mut self) {
        let control = &self.run.control;
        for batch in self.run.hub.close() {
            control.call(move || drop(batch));
        }
        let rest = std::mem::replace(&mut self.batch, Vec::new().into_iter());
        control.call(move || drop(rest));
        drop_each(control, &self.own);
    }
}
