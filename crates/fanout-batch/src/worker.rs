//! [`worker_loop`]: the body of one worker thread: take a batch, work on it, hand back its
//! results.

use std::mem;
use std::sync::PoisonError;
use std::time::{Duration, Instant};

use fanout_core::WorkerId;
use fanout_core::kit::{BATCH_GROWTH, BatchSizer, GuardedInput, RunControl};
use fanout_core::sync::Mutex;

use crate::queue::BatchSender;

/// In a batch of up to this many items (each costing at least a 64th of the target), the
/// clock is read after every item pulled and every item worked on; in a bigger one, after
/// every this many: often enough to notice an input or an item that has turned slow,
/// rarely enough that the clock costs little beside the items (reading it every 16 items
/// of a noop batch cost about a tenth of the throughput).
const CLOCK_EVERY: usize = 64;

/// Results finished in a batch are sent before the batch ends once they have waited this
/// many targets: a batch sized to the target ends before that unless an item was slow.
/// The consumer takes held results itself after the same wait (see `lib.rs`).
pub(crate) const FLUSH_AFTER: u32 = 2;

/// A worker holds its results where the consumer can take them until it has worked on
/// this many items in the run (its first two batches, of 1 and 16 items): their sizes rest
/// on a measurement or two, and a call that turns out slow must not hold back the results
/// finished before it. Later batches rest on enough items, and the worker keeps their
/// results to itself, without a lock per result.
const START_ITEMS: usize = 1 + BATCH_GROWTH;

/// Whether to read the clock after the `done`-th item of a batch of `size` items.
fn clock_due(done: usize, size: usize) -> bool {
    size <= CLOCK_EVERY || done.is_multiple_of(CLOCK_EVERY)
}

/// What a worker shares with the others of its run.
pub(crate) struct Shared<'a, I, F: ?Sized, R> {
    /// The run's input; a worker holds the lock for one batch, not one item.
    pub(crate) input: &'a Mutex<GuardedInput<I>>,
    /// The work on each item.
    pub(crate) work: &'a F,
    /// The run's stop flag and first panic.
    pub(crate) control: &'a RunControl,
    /// Where each batch's results go, to the consumer.
    pub(crate) results: &'a BatchSender<R>,
}

/// Takes batches from the input until it ends or the run stops, runs the work on each item
/// (checking the stop flag before each), and sends each batch's results as one `Vec`,
/// sizing the next batch by what this one cost.
///
/// A panic in the work is recorded (which stops the run) and ends the loop, after the
/// results made so far have been sent; items of the batch left unworked are dropped, a
/// panic in their `Drop` recorded too.
pub(crate) fn worker_loop<I, F, R>(
    worker: WorkerId,
    shared: &Shared<'_, I, F, R>,
    mut sizer: BatchSizer,
) where
    I: Iterator,
    F: Fn(WorkerId, I::Item) -> R + ?Sized,
{
    let Shared {
        input,
        work,
        control,
        results,
    } = *shared;
    let budget = sizer.target();
    let mut items = Vec::new();
    let mut worked_in_run = 0;
    let mut done = Vec::new();
    loop {
        if control.is_stopped() {
            return;
        }
        let size = sizer.size();
        items.reserve(size);
        let (ended, pulling) = fill(input, &mut items, size, budget);
        if items.is_empty() {
            return;
        }

        let started = Instant::now();
        let starting = worked_in_run < START_ITEMS;
        if starting {
            results.reserve_held(items.len());
        } else {
            done.reserve(items.len());
        }
        let mut worked = 0;
        let mut waited = Duration::ZERO;
        let mut sent = started;
        let mut pending = items.drain(..);
        let mut failed = false;
        let mut gone = false;
        while !control.is_stopped() {
            let Some(item) = pending.next() else {
                break;
            };
            worked += 1;
            match control.call(|| work(worker, item)) {
                // Held where the consumer can take it, should the next call be slow.
                Some(result) if starting => results.hold(result),
                Some(result) => done.push(result),
                None => {
                    failed = true;
                    break;
                }
            }
            // A consumer that has stopped taking results stops the workers within one
            // call each, as a full queue stops a per-item engine's: a worker does not work
            // on through its batch while the result queue is full, but waits for room.
            // It keeps its batch whole: sending what it had finished instead cut batches
            // to one item wherever the queue is often full (capacity 1 on noop ran 60
            // times slower than capacity 0). The wait is not the work's time, so the
            // sizer does not see it.
            if pending.len() > 0 && results.is_full() {
                let waiting_from = Instant::now();
                results.wait_for_room();
                waited += waiting_from.elapsed();
            }
            // Results finished before an item that turned out slow go now, not at the end
            // of the batch.
            if pending.len() > 0 && clock_due(worked, size) {
                let now = Instant::now();
                if now.duration_since(sent) >= FLUSH_AFTER * budget {
                    sent = now;
                    if let Err(finished) = send_finished(results, &mut done, pending.len()) {
                        control.call(move || drop(finished));
                        gone = true;
                        break;
                    }
                }
            }
        }
        if pending.len() > 0 {
            control.call(move || drop(pending));
        } else {
            drop(pending);
        }
        if gone {
            return;
        }
        sizer.record(worked, pulling + started.elapsed().saturating_sub(waited));

        if let Err(finished) = send_finished(results, &mut done, 0) {
            // The consumer has gone: these results are dropped here, once.
            control.call(move || drop(finished));
            return;
        }
        if starting && worked_in_run + worked >= START_ITEMS {
            results.done_starting();
        }
        worked_in_run += worked;
        if ended || failed {
            return;
        }
    }
}

/// Sends the results this worker has finished, held or its own, leaving room for `rest`
/// more; gives back those it could not send because the receiver has gone.
fn send_finished<R>(
    results: &BatchSender<R>,
    done: &mut Vec<R>,
    rest: usize,
) -> Result<(), Vec<R>> {
    results.send_held()?;
    if done.is_empty() {
        return Ok(());
    }
    results.send(mem::replace(done, Vec::with_capacity(rest)))
}

/// Pulls up to `size` items into `batch` under the input's lock, stopping early once
/// pulling has taken `budget` (an input slow to yield must not hold back the items already
/// pulled). Returns whether the input has ended (or the run stopped), and how long
/// pulling took, not counting the wait for the lock.
fn fill<I: Iterator>(
    input: &Mutex<GuardedInput<I>>,
    batch: &mut Vec<I::Item>,
    size: usize,
    budget: Duration,
) -> (bool, Duration) {
    let mut input = input.lock().unwrap_or_else(PoisonError::into_inner);
    let started = Instant::now();
    loop {
        let Some(item) = input.next() else {
            return (true, started.elapsed());
        };
        batch.push(item);
        let filled = batch.len();
        if filled >= size {
            break;
        }
        if clock_due(filled, size) && started.elapsed() >= budget {
            break;
        }
    }
    (false, started.elapsed())
}
