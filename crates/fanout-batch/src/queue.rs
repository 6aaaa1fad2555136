//! [`queue`]: the bounded queue that carries batches of results from the workers to the
//! consumer, on which a waiting thread sleeps without yielding, the consumer after a spin
//! of a few microseconds when batches come close together; and each worker's results
//! finished but not yet sent, which a consumer that has waited in vain takes itself.
//!
//! crossbeam-channel's `recv` spins and then yields the thread up to four times before it
//! sleeps. At workers = cores every yield of the consumer hands its core back and forth
//! with a busy worker: on spin-10us the consumer made about one `sched_yield` per batch
//! (`strace -f -c`), and the workers lost a third of their time to it. Here the consumer
//! waits on a `Condvar` as soon as the queue is empty, and a worker wakes it only when it
//! waits, so a batch costs one uncontended lock on each side and at most one wake-up.
//!
//! While a worker's batches are sized on its first few items, it holds their results
//! where the consumer can reach them (one uncontended lock per result), and the consumer
//! waits for a batch with a timeout: one that has found the queue empty for
//! `steal_after` takes those results itself, so none waits behind a call that turned out
//! slow. Once every worker has measured enough items, the consumer waits without a
//! timeout: on the 2-core virtual machine of the crate docs a timed wait cost a tenth of
//! spin-10us's throughput (arming and cancelling the timer), where the timeout had fired
//! once in 100 runs.

use std::cell::Cell;
use std::collections::VecDeque;
use std::sync::PoisonError;
use std::time::{Duration, Instant};

use fanout_core::sync::{Arc, AtomicUsize, Condvar, Mutex, MutexGuard, Ordering};

use crate::flaw::{Flaw, flawed};

/// The longest a consumer spins for the next batch before it sleeps.
const SPIN_FOR: Duration = Duration::from_micros(5);

/// The consumer spins only when the last batch came within this much before.
const SPIN_AFTER: Duration = Duration::from_micros(5);

/// The longest a consumer waits in vain before it looks for held results again: its wait
/// doubles from `steal_after` up to this after each look that found none, so that a
/// consumer waiting on long calls wakes a hundred times a second at most.
const LONGEST_WAIT: Duration = Duration::from_millis(10);

/// A queue holding at most `capacity` batches (at least one; with capacity 0 a sender also
/// waits until the consumer has taken its batch, a rendezvous), its sending end for the
/// workers and its receiving end for the consumer; with `holders` places where workers
/// hold finished results (see [`BatchSender::for_holder`]), which the consumer takes once
/// it has waited `steal_after` for a batch in vain.
pub(crate) fn queue<R>(
    capacity: usize,
    holders: usize,
    steal_after: Duration,
) -> (BatchSender<R>, BatchReceiver<R>) {
    let shared = Arc::new(Shared {
        held: (0..holders.max(1))
            .map(|_| Mutex::new(Vec::new()))
            .collect(),
        starting: AtomicUsize::new(holders.max(1)),
        steal_after,
        state: Mutex::new(State {
            batches: VecDeque::new(),
            senders: 1,
            closed: false,
            consumer_waiting: false,
            senders_waiting: 0,
            sent: 0,
            taken: 0,
        }),
        filled: Condvar::new(),
        drained: Condvar::new(),
        queued: AtomicUsize::new(0),
        capacity,
    });
    (
        BatchSender {
            shared: Arc::clone(&shared),
            holder: 0,
        },
        BatchReceiver {
            shared,
            last_taken: Cell::new(None),
        },
    )
}

struct Shared<R> {
    state: Mutex<State<R>>,
    /// The consumer waits here for a batch, or for the last sender to go.
    filled: Condvar,
    /// Senders wait here for room, or (capacity 0) for their batch to be taken.
    drained: Condvar,
    /// The number of batches queued, readable without the lock: a hint for
    /// [`BatchSender::is_full`].
    queued: AtomicUsize,
    capacity: usize,
    /// Each worker's results finished but not yet sent, while it is starting.
    held: Box<[Mutex<Vec<R>>]>,
    /// How many holders have not yet said they are done starting (never rises): while any
    /// is, the consumer's waits time out to look for held results.
    starting: AtomicUsize,
    /// How long the consumer waits for a batch before it takes held results itself.
    steal_after: Duration,
}

struct State<R> {
    batches: VecDeque<Vec<R>>,
    /// Live [`BatchSender`]s: at zero, an empty queue is the end of the run.
    senders: usize,
    /// Set when the receiver has gone: every later send fails.
    closed: bool,
    /// Whether the consumer sleeps on `filled`, so that a sender wakes it only then.
    consumer_waiting: bool,
    /// How many senders sleep on `drained`.
    senders_waiting: usize,
    /// Batches ever pushed, and ever taken: a rendezvous sender waits for its own.
    sent: u64,
    taken: u64,
}

impl<R> Shared<R> {
    /// Whether a queue left holding `queued` batches wakes the senders waiting for room:
    /// once it has drained to half its capacity, not at every batch taken, so that a
    /// consumer slower than the workers (noop work) wakes each of them once per few
    /// batches rather than once per batch. At capacity 0 and 1 that is every batch taken,
    /// which a rendezvous sender waits for.
    fn room_to_wake(&self, queued: usize) -> bool {
        queued <= self.capacity / 2 && !flawed(Flaw::TakeForgetsTheSenders)
    }

    /// Whether a sender waits before it queues a batch: the queue holds `capacity` batches
    /// (one at capacity 0) and the receiver is still there.
    fn must_wait_for_room(&self, state: &State<R>) -> bool {
        !state.closed && state.batches.len() >= self.capacity.max(1)
    }

    /// The state; no code that can panic runs under the lock, so a poisoned one is sound.
    fn lock(&self) -> MutexGuard<'_, State<R>> {
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// The results held by `holder`; no code that can panic runs under the lock either.
    fn held(&self, holder: usize) -> MutexGuard<'_, Vec<R>> {
        self.held[holder]
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
    }
}

/// A worker's end of the queue.
pub(crate) struct BatchSender<R> {
    shared: Arc<Shared<R>>,
    /// Where this sender holds its finished results.
    holder: usize,
}

impl<R> BatchSender<R> {
    /// Another sender, holding its results in place `holder` (taken modulo the places the
    /// queue has): one place per worker, so that no two workers share one.
    pub(crate) fn for_holder(&self, holder: usize) -> BatchSender<R> {
        let mut sender = self.clone();
        sender.holder = holder % self.shared.held.len();
        sender
    }

    /// Holds a finished result where the consumer can take it, until
    /// [`send_held`](Self::send_held) sends it with the others held.
    pub(crate) fn hold(&self, result: R) {
        self.shared.held(self.holder).push(result);
    }

    /// Makes room for `size` results in this sender's place, at the start of a batch, so
    /// that holding them does not grow the place piece by piece.
    pub(crate) fn reserve_held(&self, size: usize) {
        self.shared.held(self.holder).reserve(size);
    }

    /// Says that this sender will hold no more results: its batches are sized on enough
    /// items. Called once per sender; the consumer waits without a timeout once every
    /// holder has said it.
    pub(crate) fn done_starting(&self) {
        self.shared.starting.fetch_sub(1, Ordering::Relaxed);
    }

    /// Sends the results held as one batch (nothing if none is held), waiting for room as
    /// [`send`](Self::send) does. Gives them back if the receiver has gone.
    pub(crate) fn send_held(&self) -> Result<(), Vec<R>> {
        let batch = std::mem::take(&mut *self.shared.held(self.holder));
        if batch.is_empty() {
            return Ok(());
        }
        self.send(batch)
    }

    /// Queues `batch`, waiting while the queue is full (and, at capacity 0, until the
    /// consumer has taken it). Gives the batch back if the receiver has gone.
    pub(crate) fn send(&self, batch: Vec<R>) -> Result<(), Vec<R>> {
        let shared = &*self.shared;
        let mut state = shared.lock();
        while shared.must_wait_for_room(&state) {
            state = self.wait_drained(state);
        }
        if state.closed {
            return Err(batch);
        }
        state.batches.push_back(batch);
        state.sent += 1;
        let ticket = state.sent;
        shared.queued.store(state.batches.len(), Ordering::Relaxed);
        if state.consumer_waiting {
            shared.filled.notify_one();
        }
        // A batch still queued when the receiver goes is dropped by the receiver, once.
        while shared.capacity == 0 && !state.closed && state.taken < ticket {
            state = self.wait_drained(state);
        }
        Ok(())
    }

    /// Waits while [`send`](Self::send) would wait for room: a worker that finds the queue
    /// [full](Self::is_full) waits here before its next call, so that it stops when the
    /// consumer does without cutting its batch.
    pub(crate) fn wait_for_room(&self) {
        let shared = &*self.shared;
        let mut state = shared.lock();
        while shared.must_wait_for_room(&state) {
            state = self.wait_drained(state);
        }
    }

    /// Whether the queue holds `capacity` batches, as last seen (never at capacity 0,
    /// where a send always waits for the consumer).
    pub(crate) fn is_full(&self) -> bool {
        let shared = &*self.shared;
        shared.capacity > 0 && shared.queued.load(Ordering::Relaxed) >= shared.capacity
    }

    fn wait_drained<'a>(&'a self, mut state: MutexGuard<'a, State<R>>) -> MutexGuard<'a, State<R>> {
        state.senders_waiting += 1;
        let mut state = self
            .shared
            .drained
            .wait(state)
            .unwrap_or_else(PoisonError::into_inner);
        state.senders_waiting -= 1;
        state
    }
}

impl<R> Clone for BatchSender<R> {
    fn clone(&self) -> Self {
        self.shared.lock().senders += 1;
        BatchSender {
            shared: Arc::clone(&self.shared),
            holder: self.holder,
        }
    }
}

impl<R> Drop for BatchSender<R> {
    fn drop(&mut self) {
        let mut state = self.shared.lock();
        state.senders -= 1;
        if state.senders == 0
            && state.consumer_waiting
            && !flawed(Flaw::LastSenderForgetsTheConsumer)
        {
            self.shared.filled.notify_one();
        }
    }
}

/// The consumer's end of the queue.
pub(crate) struct BatchReceiver<R> {
    shared: Arc<Shared<R>>,
    /// When the consumer last took a batch: batches arriving close together are waited
    /// for by spinning (see [`BatchReceiver::spin_for_a_batch`]).
    last_taken: Cell<Option<Instant>>,
}

impl<R> BatchReceiver<R> {
    /// The next batch, waiting for one; `None` once every sender has gone and the queue is
    /// empty. While a worker is starting, a wait of `steal_after` in vain takes the results
    /// the workers hold instead, if there are any; each further wait in vain is twice as
    /// long, up to [`LONGEST_WAIT`].
    pub(crate) fn recv(&self) -> Option<Vec<R>> {
        let shared = &*self.shared;
        self.spin_for_a_batch();
        let mut patience = shared.steal_after;
        let mut state = shared.lock();
        loop {
            if let Some(batch) = state.batches.pop_front() {
                self.last_taken.set(Some(Instant::now()));
                state.taken += 1;
                shared.queued.store(state.batches.len(), Ordering::Relaxed);
                if state.senders_waiting > 0 && shared.room_to_wake(state.batches.len()) {
                    // Both kinds of waiting sender sleep on `drained`: all of them look.
                    shared.drained.notify_all();
                }
                return Some(batch);
            }
            if state.senders == 0 {
                return None;
            }
            state.consumer_waiting = true;
            if shared.starting.load(Ordering::Relaxed) == 0 {
                state = shared
                    .filled
                    .wait(state)
                    .unwrap_or_else(PoisonError::into_inner);
                state.consumer_waiting = false;
                continue;
            }
            let (guard, waited) = shared
                .filled
                .wait_timeout(state, patience)
                .unwrap_or_else(PoisonError::into_inner);
            state = guard;
            state.consumer_waiting = false;
            if waited.timed_out() && state.batches.is_empty() {
                drop(state);
                let stolen = self.steal();
                if !stolen.is_empty() {
                    return Some(stolen);
                }
                patience = (patience * 2).min(LONGEST_WAIT);
                state = shared.lock();
            }
        }
    }

    /// Takes every result the workers hold, in the order each worker finished them: the
    /// results of a worker that is busy with a slow call would otherwise wait for its
    /// batch to end.
    pub(crate) fn steal(&self) -> Vec<R> {
        let mut stolen = Vec::new();
        for holder in 0..self.shared.held.len() {
            if flawed(Flaw::StealCountsThenTakes) {
                let counted = self.shared.held(holder).len();
                let mut taken = std::mem::take(&mut *self.shared.held(holder));
                taken.truncate(counted);
                stolen.append(&mut taken);
                continue;
            }
            stolen.append(&mut self.shared.held(holder));
        }
        stolen
    }

    /// Waits for a batch by spinning, for at most [`SPIN_FOR`], when the queue is empty and
    /// the last batch came within [`SPIN_AFTER`]: then the next one is likely to come
    /// sooner than a sleeping consumer could be woken (on the 2-core machine of the crate
    /// docs, a sleep and its wake-up cost two context switches, about 16 µs of CPU). Batches
    /// that come further apart are waited for asleep, so a worker's core is not taken.
    fn spin_for_a_batch(&self) {
        // Loom does not model time; the models check the sleeping path alone.
        if cfg!(loom) {
            return;
        }
        let Some(last_taken) = self.last_taken.get() else {
            return;
        };
        let started = Instant::now();
        if started.duration_since(last_taken) > SPIN_AFTER {
            return;
        }
        while self.shared.queued.load(Ordering::Relaxed) == 0 && started.elapsed() < SPIN_FOR {
            std::hint::spin_loop();
        }
    }

    /// Closes the queue, so that every send from now on fails and every waiting sender
    /// wakes, and returns the batches still queued, for the caller to drop.
    pub(crate) fn close(&self) -> VecDeque<Vec<R>> {
        let shared = &*self.shared;
        let mut state = shared.lock();
        state.closed = true;
        shared.queued.store(0, Ordering::Relaxed);
        if state.senders_waiting > 0 && !flawed(Flaw::CloseForgetsTheSenders) {
            shared.drained.notify_all();
        }
        std::mem::take(&mut state.batches)
    }
}

impl<R> Drop for BatchReceiver<R> {
    fn drop(&mut self) {
        // Batches left here when the caller did not close first are dropped with the queue.
        self.close();
    }
}

#[cfg(all(test, not(loom)))]
mod tests {
    use std::thread;
    use std::time::Duration;

    use super::*;

    /// Long enough that no test's consumer looks for held results unless it means to.
    const PATIENT: Duration = Duration::from_secs(60);

    #[test]
    fn batches_arrive_in_order_and_the_end_follows_the_last_sender() {
        let (sender, receiver) = queue(2, 1, PATIENT);
        let other = sender.clone();
        let producer = thread::spawn(move || {
            for n in 0..100 {
                other.send(vec![n]).unwrap();
            }
        });
        drop(sender);
        let got: Vec<i32> = std::iter::from_fn(|| receiver.recv()).flatten().collect();
        producer.join().unwrap();
        assert_eq!(got, (0..100).collect::<Vec<_>>());
    }

    #[test]
    fn a_full_queue_makes_the_sender_wait_and_says_so() {
        let (sender, receiver) = queue(1, 1, PATIENT);
        sender.send(vec![1]).unwrap();
        assert!(sender.is_full());
        let waiting = thread::spawn(move || sender.send(vec![2]));
        thread::sleep(Duration::from_millis(20));
        assert!(!waiting.is_finished(), "the second batch waits for room");
        assert_eq!(receiver.recv(), Some(vec![1]));
        waiting.join().unwrap().unwrap();
        assert_eq!(receiver.recv(), Some(vec![2]));
        assert_eq!(receiver.recv(), None);
    }

    #[test]
    fn capacity_zero_is_a_rendezvous() {
        let (sender, receiver) = queue(0, 1, PATIENT);
        assert!(!sender.is_full());
        let waiting = thread::spawn(move || sender.send(vec![7]));
        thread::sleep(Duration::from_millis(20));
        assert!(!waiting.is_finished(), "the send waits for the consumer");
        assert_eq!(receiver.recv(), Some(vec![7]));
        waiting.join().unwrap().unwrap();
    }

    #[test]
    fn closing_fails_every_send_and_wakes_waiting_senders() {
        let (sender, receiver) = queue(1, 1, PATIENT);
        sender.send(vec![1]).unwrap();
        let waiting = thread::spawn(move || (sender.send(vec![2]), sender));
        thread::sleep(Duration::from_millis(20));
        let left = receiver.close();
        assert_eq!(left, [vec![1]]);
        let (refused, sender) = waiting.join().unwrap();
        assert_eq!(refused, Err(vec![2]));
        assert_eq!(sender.send(vec![3]), Err(vec![3]));
    }

    #[test]
    fn a_rendezvous_sender_wakes_when_the_receiver_closes() {
        let (sender, receiver) = queue(0, 1, PATIENT);
        let waiting = thread::spawn(move || sender.send(vec![1]));
        while receiver.shared.queued.load(Ordering::Relaxed) == 0 {
            thread::yield_now();
        }
        // The batch was queued: the receiver takes it back to drop, and the send counts
        // as done.
        assert_eq!(receiver.close(), [vec![1]]);
        assert_eq!(waiting.join().unwrap(), Ok(()));
    }
}
