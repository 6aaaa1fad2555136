//! [`worker_loop`]: the body of one of the engine's threads: work through its own batch,
//! hand back the results, then pull another batch, or steal from a busy participant.

use std::mem;
use std::time::{Duration, Instant};

use fanout_core::WorkerId;
use fanout_core::kit::{BatchSizer, RunControl};
use fanout_core::sync::{Arc, AtomicBool, Ordering};

use crate::deque::{Deque, Thief, drop_each};
use crate::flaw::{Flaw, flawed};
use crate::hub::Hub;
use crate::source::{Pulled, Source, clock_due};

/// Results finished in a batch are sent before the batch ends once they have waited this
/// many targets: a batch sized to the target ends before that unless an item was slow.
const FLUSH_AFTER: u32 = 2;

/// The fewest items a thread pulls at once (where the maximum batch allows): a thread that
/// starts a call on the first leaves the second where an idle participant, the consumer
/// above all, can steal it, so that calls waiting for one another all find a worker.
const FEWEST_PULLED: usize = 2;

/// What every participant of a run shares.
pub(crate) struct Run<I: Iterator, F, R> {
    pub(crate) source: Source<I>,
    pub(crate) hub: Hub<R>,
    /// A way into each participant's deque: the threads' in worker order, the consumer's
    /// last.
    pub(crate) thieves: Vec<Thief<I::Item>>,
    pub(crate) work: F,
    pub(crate) control: Arc<RunControl>,
    /// The work one batch should carry.
    pub(crate) target: Duration,
    /// Whether an idle participant spins before it sleeps: only while each can have a core
    /// of its own, since a spinner on a shared core delays one with work.
    pub(crate) spin: bool,
    /// Whether the last batch a thread measured cost less than [`CHEAP_ITEM`] an item:
    /// then a steal costs the owner more than the stolen items save.
    pub(crate) cheap_items: AtomicBool,
}

/// Items cheaper than this, pulling included, are not worth a steal while their owner
/// keeps up: the steal moves the items' and the deque's cache lines between the cores.
pub(crate) const CHEAP_ITEM: Duration = Duration::from_nanos(250);

impl<I, F, R> Run<I, F, R>
where
    I: Iterator,
{
    /// Steals from the other participants, starting after `me` so that thieves spread over
    /// their victims; the first item stolen, the rest pushed into `into`.
    pub(crate) fn steal(&self, me: usize, into: &Deque<I::Item>) -> Option<I::Item> {
        let count = self.thieves.len();
        (1..count)
            .map(|offset| &self.thieves[(me + offset) % count])
            .find_map(|victim| victim.steal_into(into))
    }

    /// The consumer's steal (`me` its place): cheap items only on its last look before a
    /// sleep (`eager`), so that items held behind a slow call still find it.
    pub(crate) fn consumer_steal(
        &self,
        me: usize,
        into: &Deque<I::Item>,
        eager: bool,
    ) -> Option<I::Item> {
        let eager = eager && !flawed(Flaw::SleeperSkipsCheapItems);
        if !eager && self.cheap_items.load(Ordering::Relaxed) {
            return None;
        }
        self.steal(me, into)
    }

    /// Records what a thread's last batch cost an item, written only when it changes.
    fn note_cost(&self, items: usize, took: Duration) {
        let items = u32::try_from(items).unwrap_or(u32::MAX);
        let cheap = items > 0 && took < CHEAP_ITEM.saturating_mul(items);
        if self.cheap_items.load(Ordering::Relaxed) != cheap {
            self.cheap_items.store(cheap, Ordering::Relaxed);
        }
    }
}

/// Runs batches until the run stops or the consumer goes: pulls a batch into `own` (sized
/// by `sizer`), works through it while others may steal from it, sends its results as one
/// `Vec`, and steals once the input has nothing for it. Sleeps, when there is nothing to
/// do, until the hub says something changed.
///
/// A panic in the work is recorded (which stops the run) and ends the loop after the
/// results made so far have been sent; items left in `own` are dropped, a panic in their
/// `Drop` recorded too.
pub(crate) fn worker_loop<I, F, R>(
    worker: WorkerId,
    run: &Run<I, F, R>,
    own: Deque<I::Item>,
    mut sizer: BatchSizer,
) where
    I: Iterator,
    F: Fn(WorkerId, I::Item) -> R,
{
    let control = &*run.control;
    let me = worker - 1;
    let mut done = Vec::new();
    let mut first = None;
    let mut pulling = Duration::ZERO;
    loop {
        let size = sizer.size();
        let batch = work_through(worker, run, &own, first.take(), &mut done, size);
        if batch.worked > 0 {
            sizer.record(batch.worked, pulling + batch.took);
            run.note_cost(batch.worked, pulling + batch.took);
        }
        if let Err(unsent) = send(&run.hub, &mut done) {
            // The consumer has gone: these results are dropped here, once.
            control.call(move || drop(unsent));
            break;
        }
        if batch.failed {
            run.hub.wake_all();
            break;
        }
        match find_work(run, me, &own, sizer.size()) {
            Some((stolen, took)) => {
                first = stolen;
                pulling = took;
            }
            None => break,
        }
    }
    // The run has stopped: a consumer asleep must wake to see it, whatever stopped it.
    run.hub.wake_all();
    drop_each(control, &own);
    drop(own);
}

/// What working through one batch came to.
struct Batch {
    worked: usize,
    took: Duration,
    failed: bool,
}

/// Works on `first`, then on the items of `own` until it is empty or the run stops,
/// pushing the results into `done`; sends them early when the consumer sleeps or they
/// have waited [`FLUSH_AFTER`] targets. `size` is the batch's size, which sets how often
/// the clock is read.
fn work_through<I, F, R>(
    worker: WorkerId,
    run: &Run<I, F, R>,
    own: &Deque<I::Item>,
    first: Option<I::Item>,
    done: &mut Vec<R>,
    size: usize,
) -> Batch
where
    I: Iterator,
    F: Fn(WorkerId, I::Item) -> R,
{
    let control = &*run.control;
    let started = Instant::now();
    let mut sent = started;
    let mut batch = Batch {
        worked: 0,
        took: Duration::ZERO,
        failed: false,
    };
    let mut next = first;
    while let Some(item) = next.take().or_else(|| own.pop()) {
        if control.is_stopped() {
            control.call(move || drop(item));
            batch.failed = true;
            break;
        }
        // A consumer asleep has nothing else to hand out: what is finished goes to it now,
        // not after a call that may be slow.
        if !done.is_empty() && run.hub.consumer_asleep() && send(&run.hub, done).is_err() {
            batch.failed = true;
            break;
        }
        batch.worked += 1;
        match control.call(|| (run.work)(worker, item)) {
            Some(result) => done.push(result),
            None => {
                batch.failed = true;
                break;
            }
        }
        if clock_due(batch.worked, size) {
            let now = Instant::now();
            if now.duration_since(sent) >= FLUSH_AFTER * run.target {
                sent = now;
                if send(&run.hub, done).is_err() {
                    batch.failed = true;
                    break;
                }
            }
        }
    }
    batch.took = started.elapsed();
    batch
}

/// Sends the results in `done`, if any, as one batch; gives them back if the consumer has
/// gone.
fn send<R>(hub: &Hub<R>, done: &mut Vec<R>) -> Result<(), Vec<R>> {
    if done.is_empty() {
        return Ok(());
    }
    let capacity = done.capacity();
    hub.send(mem::replace(done, Vec::with_capacity(capacity)))
}

/// The longest an idle thread spins before it sleeps: at the end of a run the consumer
/// usually ends it within this, and a sleeping thread would have to be woken for that.
const SPIN_FOR: Duration = Duration::from_micros(20);

/// Spins for at most [`SPIN_FOR`] until the run stops or something can be stolen;
/// `Some` with the stolen item, or with `None` once the run has stopped.
fn spin_for_work<I, F, R>(
    run: &Run<I, F, R>,
    me: usize,
    own: &Deque<I::Item>,
) -> Option<Option<I::Item>>
where
    I: Iterator,
{
    // Loom does not model time; the models check the sleeping path alone.
    if cfg!(loom) || !run.spin {
        return None;
    }
    let started = Instant::now();
    while started.elapsed() < SPIN_FOR {
        if run.control.is_stopped() {
            return Some(None);
        }
        if let Some(item) = run.steal(me, own) {
            if !own.is_empty() {
                run.hub.announce();
            }
            return Some(Some(item));
        }
        std::hint::spin_loop();
    }
    None
}

/// Finds the next items for a thread whose own deque is empty: a batch of `size` pulled
/// into `own`, else items stolen from another participant, else a sleep until the hub
/// moves and another look. Returns the first stolen item (if the items were stolen) and
/// the time spent pulling, or `None` once the run has stopped or the consumer has gone.
#[allow(clippy::type_complexity)]
fn find_work<I, F, R>(
    run: &Run<I, F, R>,
    me: usize,
    own: &Deque<I::Item>,
    size: usize,
) -> Option<(Option<I::Item>, Duration)>
where
    I: Iterator,
{
    let mut mark = None;
    loop {
        if run.control.is_stopped() {
            return None;
        }
        let size = size.max(FEWEST_PULLED);
        let (pulled, took) = run.source.pull(own, size, run.hub.received(), run.target);
        if !own.is_empty() {
            // Items pushed where others can steal them: a sleeper may be waiting for them.
            run.hub.announce();
            return Some((None, took));
        }
        if pulled == Pulled::Ended {
            // The consumer may be waiting to learn that every item has been pulled.
            run.hub.announce();
        }
        if let Some(item) = run.steal(me, own) {
            if !own.is_empty() {
                run.hub.announce();
            }
            return Some((Some(item), Duration::ZERO));
        }
        match mark {
            // Nothing on the first look: spin a while (the run's end, or a thief's items,
            // usually come within it), then mark the hub and look once more, so that
            // whatever moves between this look and the sleep wakes it.
            None => {
                if let Some(item) = spin_for_work(run, me, own) {
                    return Some((item, Duration::ZERO));
                }
                mark = Some(run.hub.mark());
            }
            Some(seen) => {
                run.hub.thread_sleep(seen, pulled == Pulled::NoRoom);
                mark = None;
            }
        }
    }
}
