//! [`Hub`]: where a run's participants meet: the batches of results on their way to the
//! consumer, and the waits of a participant that has found nothing to do.
//!
//! Everything that can put a sleeper back to work passes through the hub's lock: a batch
//! of results sent, items pushed where others can steal them ([`Hub::announce`]), the
//! consumer saying how many results it has handed out ([`Hub::publish`]), and the end of
//! the run ([`Hub::close`]). A sleeper reads the hub's [`Mark`] before it looks for work
//! and sleeps only if the mark has not moved since, so no wake-up is lost between its look
//! and its sleep. None of this is on the path of an item: a busy run takes the lock once
//! per batch.

use std::collections::VecDeque;
use std::sync::PoisonError;
use std::time::Duration;

use fanout_core::sync::{AtomicBool, AtomicU64, AtomicUsize, Condvar, Mutex, MutexGuard, Ordering};

use crate::flaw::{Flaw, flawed};

/// Result batches and sleepers of one run.
pub(crate) struct Hub<R> {
    state: Mutex<State<R>>,
    /// The consumer sleeps here.
    consumer: Condvar,
    /// Idle threads sleep here.
    threads: Condvar,
    /// Batches queued, readable without the lock: the consumer's first look.
    queued: AtomicUsize,
    /// Results the consumer has handed out, as last published: what a thread checks the
    /// in-flight bound against.
    received: AtomicU64,
    /// Set while a thread waits for the consumer to publish: the consumer looks at it after
    /// each result it makes itself.
    room_wanted: AtomicBool,
    /// Set while the consumer sleeps: a thread sends its finished results before its next
    /// call rather than at the end of its batch.
    consumer_asleep: AtomicBool,
    /// Set once the hub has closed, for a thread that ends to see without the lock.
    closed: AtomicBool,
}

struct State<R> {
    batches: VecDeque<Vec<R>>,
    /// The consumer has gone: every send fails and every sleeper wakes.
    closed: bool,
    consumer_asleep: bool,
    threads_asleep: usize,
    room_wanted: bool,
    /// How many items the consumer has asked the feeder to pull, if it has.
    pull_wanted: Option<usize>,
    /// Bumped by every event that can give a sleeper work.
    events: u64,
    received: u64,
}

/// What a sleeper saw before it looked for work; it sleeps only while the hub still shows
/// the same.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) struct Mark {
    events: u64,
    received: u64,
}

impl<R> Hub<R> {
    pub(crate) fn new() -> Hub<R> {
        Hub {
            state: Mutex::new(State {
                batches: VecDeque::new(),
                closed: false,
                consumer_asleep: false,
                threads_asleep: 0,
                room_wanted: false,
                pull_wanted: None,
                events: 0,
                received: 0,
            }),
            consumer: Condvar::new(),
            threads: Condvar::new(),
            queued: AtomicUsize::new(0),
            received: AtomicU64::new(0),
            room_wanted: AtomicBool::new(false),
            consumer_asleep: AtomicBool::new(false),
            closed: AtomicBool::new(false),
        }
    }

    /// The state; no code that can panic runs under the lock, so a poisoned one is sound.
    fn lock(&self) -> MutexGuard<'_, State<R>> {
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }

    fn mark_of(state: &State<R>) -> Mark {
        Mark {
            events: state.events,
            received: state.received,
        }
    }

    /// Wakes every sleeper that an event may concern.
    fn wake(&self, state: &mut State<R>) {
        state.events += 1;
        if state.consumer_asleep {
            self.consumer.notify_one();
        }
        if state.threads_asleep > 0 {
            self.threads.notify_all();
        }
    }

    /// Queues a thread's finished results for the consumer; gives them back once the
    /// consumer has gone. Never waits: the in-flight bound is kept where items are pulled.
    pub(crate) fn send(&self, batch: Vec<R>) -> Result<(), Vec<R>> {
        let mut state = self.lock();
        if state.closed {
            return Err(batch);
        }
        state.batches.push_back(batch);
        self.queued.store(state.batches.len(), Ordering::Relaxed);
        if state.consumer_asleep && !flawed(Flaw::SendForgetsTheConsumer) {
            self.consumer.notify_one();
        }
        Ok(())
    }

    /// Whether a batch looks queued, without the lock.
    pub(crate) fn looks_queued(&self) -> bool {
        self.queued.load(Ordering::Relaxed) > 0
    }

    /// The oldest batch queued, publishing `received` on the way.
    pub(crate) fn take(&self, received: u64) -> Option<Vec<R>> {
        let mut state = self.lock();
        self.publish_locked(&mut state, received);
        let batch = state.batches.pop_front();
        self.queued.store(state.batches.len(), Ordering::Relaxed);
        batch
    }

    /// Says that items were pushed where others can steal them.
    pub(crate) fn announce(&self) {
        let mut state = self.lock();
        if !flawed(Flaw::AnnounceForgetsTheSleepers) {
            self.wake(&mut state);
        }
    }

    /// The consumer asks the feeder to pull `size` items where it can steal them: every
    /// thread is busy and it has found nothing to do.
    pub(crate) fn request_pull(&self, size: usize) {
        let mut state = self.lock();
        if state.pull_wanted.is_none() {
            state.pull_wanted = Some(size);
            if !flawed(Flaw::RequestForgetsTheFeeder) {
                self.wake(&mut state);
            }
        }
    }

    /// The feeder takes the consumer's request, if there is one.
    pub(crate) fn take_pull_request(&self) -> Option<usize> {
        self.lock().pull_wanted.take()
    }

    /// Wakes every sleeper, to look at the stop flag: a thread that met a panic or ends
    /// calls it. Once the hub has closed every sleeper has been woken, and the threads
    /// ending then, all at once, would only contend for the lock.
    pub(crate) fn wake_all(&self) {
        if self.closed.load(Ordering::Acquire) {
            return;
        }
        self.wake(&mut self.lock());
    }

    /// The consumer has handed out `received` results in all.
    pub(crate) fn publish(&self, received: u64) {
        let mut state = self.lock();
        self.publish_locked(&mut state, received);
    }

    fn publish_locked(&self, state: &mut State<R>, received: u64) {
        if received == state.received {
            return;
        }
        state.received = received;
        self.received.store(received, Ordering::Release);
        if state.room_wanted && !flawed(Flaw::PublishForgetsTheRoomWaiter) {
            state.room_wanted = false;
            self.room_wanted.store(false, Ordering::Relaxed);
            self.wake(state);
        }
    }

    /// Results the consumer has handed out, as last published.
    pub(crate) fn received(&self) -> u64 {
        self.received.load(Ordering::Acquire)
    }

    /// Whether a thread waits for the consumer to publish.
    pub(crate) fn room_wanted(&self) -> bool {
        self.room_wanted.load(Ordering::Relaxed)
    }

    /// Whether the consumer sleeps, as last seen.
    pub(crate) fn consumer_asleep(&self) -> bool {
        self.consumer_asleep.load(Ordering::Relaxed)
    }

    /// The hub's mark, to be read before looking for work.
    pub(crate) fn mark(&self) -> Mark {
        Self::mark_of(&self.lock())
    }

    /// The consumer's sleep: publishes `received`, then, unless a batch is queued, the
    /// consumer has gone or the mark has moved since `seen`, sleeps until one of those
    /// happens or `timeout` passes.
    pub(crate) fn consumer_sleep(&self, seen: Mark, received: u64, timeout: Option<Duration>) {
        let mut state = self.lock();
        self.publish_locked(&mut state, received);
        let seen = Mark { received, ..seen };
        if !state.batches.is_empty() || state.closed || Self::mark_of(&state) != seen {
            return;
        }
        state.consumer_asleep = true;
        self.consumer_asleep.store(true, Ordering::Relaxed);
        state = match timeout {
            Some(timeout) => {
                self.consumer
                    .wait_timeout(state, timeout)
                    .unwrap_or_else(PoisonError::into_inner)
                    .0
            }
            None => self
                .consumer
                .wait(state)
                .unwrap_or_else(PoisonError::into_inner),
        };
        state.consumer_asleep = false;
        self.consumer_asleep.store(false, Ordering::Relaxed);
    }

    /// An idle thread's sleep: unless the consumer has gone or the mark has moved since
    /// `seen`, sleeps until one of those happens. With `for_room`, the thread waits for the
    /// consumer to publish, and says so.
    pub(crate) fn thread_sleep(&self, seen: Mark, for_room: bool) {
        let mut state = self.lock();
        if state.closed || Self::mark_of(&state) != seen {
            return;
        }
        if for_room {
            state.room_wanted = true;
            self.room_wanted.store(true, Ordering::Relaxed);
        }
        state.threads_asleep += 1;
        state = self
            .threads
            .wait(state)
            .unwrap_or_else(PoisonError::into_inner);
        state.threads_asleep -= 1;
    }

    /// The consumer has gone: every later send fails and every sleeper wakes. Returns the
    /// batches still queued, for the caller to drop.
    pub(crate) fn close(&self) -> VecDeque<Vec<R>> {
        let mut state = self.lock();
        state.closed = true;
        self.closed.store(true, Ordering::Release);
        self.queued.store(0, Ordering::Relaxed);
        if !flawed(Flaw::CloseForgetsTheThreads) {
            self.wake(&mut state);
        }
        std::mem::take(&mut state.batches)
    }
}
