//! Fan-out/fan-in in batches that size themselves during the run: the [`Adaptive`] engine.
//!
//! # Strategy
//! The engine keeps `workers` threads, started by [`Adaptive::new`] and ended when the
//! engine is dropped; a run hands each of them one worker loop, and has no feeder (a run
//! that finds them busy with another run of the same engine starts threads of its own).
//! A worker locks the input, pulls a batch of items into a `Vec` (one lock per batch, not
//! per item), unlocks, runs the work on each item (checking the stop flag before each one),
//! and sends the batch's results as one `Vec<R>` into a result queue of `capacity` batches
//! (capacity 0 is a rendezvous), a `Mutex` and two `Condvar`s of its own. The consumer's
//! `next()` receives a `Vec` at a time and hands its results out one by one from a local
//! buffer.
//!
//! Every worker starts each run at one item a batch, so the first results come as fast as
//! from a per-item engine. After each batch it measures how long pulling and working on the
//! batch took (not the wait for the lock), and sizes its next batch to carry about
//! [`target`](Adaptive::target) of work at that cost per item: at least 1 item, at most
//! [`max_batch`](Adaptive::max_batch), and at most 16 times the last batch (so cheap work
//! reaches the maximum in a few batches, 1, 16, 256, 1024, while a first item cheaper than
//! the rest costs at most 16 items held by one worker). Work that takes longer than the
//! target per item (sleep-100us, spin-100us) keeps batches at one item, so no worker holds
//! items another, idle worker could run; and the most a worker holds back from the others,
//! at the end of a run or behind a heavy item of skewed work, is about one target's worth.
//!
//! Time spent in the input's `next()` counts in a batch's cost, so a slow input keeps
//! batches small; and a worker stops filling a batch once pulling alone has taken the
//! target, so an input that turns slow does not hold back the items already pulled.
//!
//! No finished result waits long behind a slow call. A worker's first two batches (1 and
//! 16 items) are sized on a measurement or two, so while it works on them it holds each
//! result where the consumer can reach it, and the consumer waits for a batch with a
//! timeout: after twice the target in vain it takes the held results itself. Later
//! batches rest on enough items; their results are sent before the next call once they
//! have waited twice the target, so an item that turns out slow holds back only the
//! results finished within twice the target before it. (The clock is read after every
//! item of a batch of up to 64 items, else after every 64th.) The conformance suite's
//! early-drop check, whose later calls wait to be released, needs the first rule: a
//! worker that had grown its batch on a few fast items would hold their results through
//! the next call for as long as that call took.

//! The run closes from the input's end: a worker that finds the input ended sends what it
//! holds and ends its loop; when the last worker's loop has ended the result queue reports
//! disconnection to the consumer, which waits until every loop has let go of the input and
//! `work`. Dropping the iterator stops the run: workers
//! pull no further item and start no further call (the stop flag is checked before each
//! item of a batch), drop the rest of their batch, fail to send and end their loops, and
//! the drop waits for them. A panic in `work` on an item stops the run; the results of that batch made
//! before it are sent (or dropped, once, if the consumer has gone), the rest of the batch
//! is dropped, and the payload resumes at the consumer.
//!
//! # In-flight bound
//! `(workers + capacity + 1) * max_batch`: one batch per worker (being pulled, worked on,
//! or its results waiting to be sent), `capacity` batches of results in the queue, and
//! the consumer's current batch. It depends on the configuration only, never on the
//! input's length: on an endless input the run holds at most this many items and results
//! (`(2 + 4 + 1) * 1024 = 7168` at the defaults with 2 workers).
//!
//! # Design choices
//! Measured with `fanout compare --workers 2` on a shared 2-core machine (medians of three
//! runs; noop at 5 000 items a run, where `rayon-par-iter` did 106 M items/s and
//! `crossbeam` 0.48 M):
//!
//! - **No feeder thread.** Workers taking batches from the input under a lock did 50 M
//!   items/s on noop; the same batches cut by a feeder thread and sent to the workers over
//!   a second channel did 36 M. With as many workers as cores, a feeder takes a core's
//!   share from the workers and adds a hand-off per batch; the lock costs one uncontended
//!   acquisition per batch.
//! - **Results as one `Vec<R>` per batch** over one bounded queue, drained by the
//!   consumer's `next()` from a local buffer: one queue operation, and at most one
//!   wake-up of the consumer, per batch instead of per item.
//! - **The consumer sleeps when the queue is empty, without yielding,** after a spin of at
//!   most 5 µs when the last batch came less than 5 µs before. The spin catches the
//!   results a worker sends one by one at the start of a run: 1 500 noop runs
//!   (`profile_row adaptive noop 1500`) took 0.27 to 0.48 s with it and 0.48 to 0.65 s
//!   without (13 k to 36 k context switches against 37 k to 53 k), while 150 spin-10us
//!   runs took 2.03 to 2.19 s against 2.08 to 2.13 s; a spin of 10 µs after gaps of up
//!   to 20 µs cost spin-10us 7%. Sleeping rather than yielding is why the queue is our
//!   own: crossbeam-channel's `recv` yields up to four times before it sleeps, and under
//!   `strace -f -c` a 2-worker spin-10us comparison made 43 708 `sched_yield` calls, most
//!   from the consumer, against none with this queue. That alone did not buy speed:
//!   `fanout compare --workers 2 --engines adaptive,crossbeam --seconds 8`, this queue
//!   against the crossbeam channel (commit 8042c14, before the spin and at a 50 µs
//!   target), minutes apart on the same machine: noop 13.9 M items/s against 20.5 M,
//!   spin-1us 0.95 M against 1.25 M, spin-10us 118 k against 124 k, closed-loop p99 on
//!   spin-10us 201 µs against 143 µs. The queue stays because the loom models check it
//!   (`loom_models.rs`) and because the spin above needs its own wait. Our own yielding
//!   up to 64 times before blocking doubled noop's throughput (45 M items/s against 23 M,
//!   5 000-item runs), but on work that keeps both cores busy the yielding consumer takes
//!   a third of them: on spin-10us at workers = cores it made the engine slower than
//!   `sequential` (`cargo bench --bench batching`, target 20 µs: 1.05x `sequential`'s
//!   time per item yielding, 0.58x blocking, same machine, minutes apart).
//! - **Senders waiting for room are woken once the queue has drained to half its
//!   capacity**, not at every batch taken. On noop the consumer is slower than the workers,
//!   so the queue stays full, and waking a worker at each batch taken made both workers
//!   sleep and wake once per batch. `perf record -e sched:sched_switch -g` on
//!   `profile_row adaptive noop 400` put a quarter of all context switches in
//!   `BatchSender::send`; with the half-capacity wake, three alternating pairs of such runs
//!   took 41, 51 and 50 ns per item with 4.5 k, 5.1 k and 8.9 k context switches, against
//!   81, 59 and 93 ns with 17.9 k, 13.0 k and 15.8 k before; spin-1us, spin-10us and skewed
//!   (where the queue is rarely full) were unchanged within the noise.
//! - **Growth of 16 times, maximum batch 1 024.** Doubling up to 256 items did 34 M items/s
//!   on noop: a 5 000-item run spent most of itself growing. Unbounded growth to 1 024 did
//!   50 M; a cap of 16 times reaches 1 024 within three batches.
//! - **Target 100 µs.** Every hand-off of a batch wakes the consumer, whose thread then
//!   takes a core from a worker, and on that machine a context switch costs about 8 µs of
//!   CPU: 200 runs of 2 000 spin-10us items (`profile_row adaptive spin-10us 200`, 2
//!   workers) made 316 k context switches and took 3.55 s at a 50 µs target, 152 k and
//!   2.91 s at 100 µs, 83 k and 2.68 s at 200 µs, 52 k and 2.48 s at 400 µs, against
//!   `rayon-par-iter`'s 2.23 s; a larger queue changed nothing (`perf` showed no worker
//!   waiting for room), and a worker yielding its core after waking the consumer gained
//!   nothing consistent. A larger target moves items faster, while a batch's results wait
//!   for the batch's end, so it delays them as much: `fanout compare --workers 2
//!   --engines adaptive,crossbeam --seconds 6`, minutes apart, efficiency on spin-10us
//!   0.57, 0.82 and 0.85 at targets of 50, 100 and 150 µs (spin-1us 0.57, 0.72, 0.75;
//!   skewed 0.75, 0.85, 0.85), with a median latency on spin-10us of 57, 103 and 155 µs
//!   (crossbeam's about 50 µs). 100 µs takes most of the gain for twice the latency; a
//!   caller who needs results sooner sets a smaller target.
//! - **The consumer is woken at every batch, not once per period.** A prototype that
//!   woke it only once two batches were queued or 200 µs after it slept (a timed wait)
//!   halved the context switches and changed nothing else: `perf stat
//!   target/release/examples/profile_row adaptive spin-10us 150`, 103 k switches, 3.9 s
//!   of CPU and 2.0 s against 56 k, 3.9 s and 2.0 s (`sequential`: 3.0 s of CPU;
//!   `rayon-par-iter`: 3.1 s of CPU, 1.6 s). `perf record` put 16% of the samples in
//!   the kernel around wake-ups (interrupt returns, `try_to_wake_up`, task switches)
//!   and 12% with the prototype, within this VM's noise; `fanout compare --items
//!   20000` gave 0.79 efficiency against 0.74 at 2 000 items, so the loss is steady, not
//!   the start or the end of a run. Where that CPU goes beyond the wake-ups is not
//!   settled.
//! - **Held results taken by the consumer, not sent one by one.** The start-up rule above
//!   first sent each result of a worker's first 17 items on its own, waking the consumer
//!   each time: `perf stat target/release/examples/profile_row adaptive noop 1500` took
//!   110 and 120 ns per item with 50 k context switches; with the results held and taken
//!   by a consumer that waited in vain, 25 to 33 ns with 10 to 12 k (`rayon-par-iter`:
//!   11 ns). Holding every batch's results that way, with a lock per result and a timed
//!   wait throughout, cost spin-10us a tenth of its throughput (7.2 against 6.4 µs per
//!   item, alternating runs), though the wait timed out once in 100 runs: on this
//!   virtual machine arming and cancelling the timer is what costs. So the consumer
//!   waits with a timeout only while a worker is starting.
//! - **A worker waits for room with its batch whole.** A stalled consumer must stop the
//!   workers within one call each, so a worker does not work on while the result queue is
//!   full. It first did so by sending what it had finished, which cut batches to one item
//!   wherever the queue is often full: `profile_row adaptive noop 300 2 1` (capacity 1)
//!   took 1 409 ns per item, capacity 2 214 ns. Waiting for room before the next call
//!   instead, its batch kept, took them to 86 and 63 ns; the default capacity and the
//!   spin workloads were unchanged within the noise (alternating runs).
//! - **Threads kept by the engine.** Starting a thread costs about 30 µs on that machine,
//!   so a run that started its own spent a third of a 5 000-item noop run on them, and at
//!   64 workers on sleep-100us took 4.26 times `tokio`'s time (full `cargo bench`, commit
//!   2c2ab71). With the threads kept, `fanout compare --workers 8,64 --engines
//!   adaptive,crossbeam,tokio,rayon --workload sleep-100us` gave 158 k items/s at 64
//!   workers, a tie with `rayon` (159 k) and `tokio` (158 k), and 46.2 k at 8 (`rayon`
//!   48.2 k).
//!
//! # Configuration
//! [`Adaptive::new`] takes the defaults, [`DEFAULT_MAX_BATCH`] and [`DEFAULT_TARGET`];
//! [`with_max_batch`](Adaptive::with_max_batch) and [`with_target`](Adaptive::with_target)
//! change them. Out-of-range values are clamped, never an error or a panic: a maximum batch
//! of 0 is taken as 1 and one above [`MAX_BATCH_LIMIT`] as that limit; a target above
//! [`MAX_TARGET`] is taken as that limit. A target of zero makes every batch one item.
//!
//! # Example
//! ```
//! use std::time::Duration;
//!
//! use fanout_batch::Adaptive;
//! use fanout_core::{FanConfig, FanOutFanIn};
//!
//! let engine = Adaptive::new(FanConfig::new(4)?.with_capacity(16))
//!     .with_max_batch(128)
//!     .with_target(Duration::from_micros(20));
//! assert_eq!(engine.in_flight_bound(), (4 + 16 + 1) * 128);
//! let total: u64 = engine.run(1..=100_000u64, |_worker, n| n * 2).sum();
//! assert_eq!(total, 100_000 * 100_001);
//! # Ok::<(), fanout_core::ConfigError>(())
//! ```

mod flaw;
#[cfg(all(test, loom))]
mod loom_models;
mod pool;
mod queue;
mod worker;

use std::time::Duration;

use fanout_core::kit::{BatchSizer, GuardedInput, RunControl, RunResults};
use fanout_core::sync::{Arc, Mutex};
use fanout_core::{FanConfig, FanOutFanIn, Work};

use crate::pool::{Pool, RunThreads};
use crate::queue::{BatchReceiver, queue};
use crate::worker::{FLUSH_AFTER, Shared, worker_loop};

/// The default most items in one batch.
pub const DEFAULT_MAX_BATCH: usize = 1024;

/// The default work one batch should carry.
pub const DEFAULT_TARGET: Duration = Duration::from_micros(100);

/// The shortest a consumer waits for a batch before it takes the results the workers hold:
/// with a target of zero every batch is one item, sent as soon as it is made.
const SHORTEST_STEAL_AFTER: Duration = Duration::from_micros(50);

/// The largest maximum batch accepted; larger ones are taken as this.
pub const MAX_BATCH_LIMIT: usize = 1 << 16;

/// The longest target accepted; longer ones are taken as this.
pub const MAX_TARGET: Duration = Duration::from_secs(1);

/// Fan-out/fan-in in batches sized during the run by the work they carry; see the
/// [crate docs](crate) for its strategy and in-flight bound.
#[derive(Clone, Debug)]
pub struct Adaptive {
    config: FanConfig,
    max_batch: usize,
    target: Duration,
    /// The worker threads kept between runs, shared by the engine's clones.
    pool: Arc<Pool>,
}

impl Adaptive {
    /// The same engine with batches of at most `max_batch` items, clamped to
    /// `1..=`[`MAX_BATCH_LIMIT`].
    pub fn with_max_batch(self, max_batch: usize) -> Adaptive {
        Adaptive {
            max_batch: max_batch.clamp(1, MAX_BATCH_LIMIT),
            ..self
        }
    }

    /// The same engine with batches sized to carry about `target` of pulling and work,
    /// clamped to at most [`MAX_TARGET`]; zero makes every batch one item.
    pub fn with_target(self, target: Duration) -> Adaptive {
        Adaptive {
            target: target.min(MAX_TARGET),
            ..self
        }
    }

    /// The most items in one batch.
    pub fn max_batch(&self) -> usize {
        self.max_batch
    }

    /// The work one batch should carry.
    pub fn target(&self) -> Duration {
        self.target
    }
}

impl FanOutFanIn for Adaptive {
    const NAME: &'static str = "adaptive";

    /// # Panics
    /// When the OS refuses to start the engine's threads.
    fn new(config: FanConfig) -> Self {
        Adaptive {
            pool: Arc::new(Pool::start(Self::NAME, config.workers.get())),
            config,
            max_batch: DEFAULT_MAX_BATCH,
            target: DEFAULT_TARGET,
        }
    }

    fn config(&self) -> &FanConfig {
        &self.config
    }

    fn in_flight_bound(&self) -> usize {
        let FanConfig {
            workers, capacity, ..
        } = self.config;
        workers
            .get()
            .saturating_add(capacity)
            .saturating_add(1)
            .saturating_mul(self.max_batch)
    }

    fn run<I, T, R, F>(&self, items: I, work: F) -> impl Iterator<Item = R> + Send
    where
        I: IntoIterator<Item = T>,
        I::IntoIter: Send + 'static,
        T: Send + 'static,
        R: Send + 'static,
        F: Work<T, R>,
    {
        let control = RunControl::new();
        // Declared before the queue, so that if starting a thread fails the queue closes
        // before the workers already started are waited for.
        let mut threads = RunThreads::new(&self.pool, &control);
        let workers = self.config.workers.get();
        let steal_after = (FLUSH_AFTER * self.target).max(SHORTEST_STEAL_AFTER);
        let (result_sender, result_receiver) =
            queue::<R>(self.config.capacity, workers, steal_after);
        let input = GuardedInput::new(items.into_iter(), Arc::clone(&control));
        let input = Arc::new(Mutex::new(input));
        let work = Arc::new(work);

        for worker in 1..=workers {
            let input = Arc::clone(&input);
            let results = result_sender.for_holder(worker - 1);
            let work = Arc::clone(&work);
            let control = Arc::clone(&control);
            let sizer = BatchSizer::new(self.max_batch, self.target);
            threads.start(worker, move || {
                let shared = Shared {
                    input: &input,
                    work: &*work,
                    control: &control,
                    results: &results,
                };
                worker_loop(worker, &shared, sizer);
            });
        }
        drop((input, result_sender, work));

        let result_receiver = Batches {
            receiver: result_receiver,
            control: Arc::clone(&control),
        };
        let mut batch = Vec::new().into_iter();
        RunResults::new(control, threads, move || {
            loop {
                if let Some(result) = batch.next() {
                    return Some(result);
                }
                batch = result_receiver.receiver.recv()?.into_iter();
            }
        })
    }
}

/// The consumer's end of the result queue. Dropped, it closes the queue and drops the
/// batches still queued one at a time, each panic in a result's `Drop` recorded: dropping
/// the queue whole would stop at the first such panic and leak the batches behind it.
struct Batches<R> {
    receiver: BatchReceiver<R>,
    control: Arc<RunControl>,
}

impl<R> Drop for Batches<R> {
    fn drop(&mut self) {
        for batch in self.receiver.close() {
            self.control.call(move || drop(batch));
        }
    }
}
