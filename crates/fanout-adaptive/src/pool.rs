//! [`Pool`]: the engine's own worker threads, started with the engine and kept between
//! runs, so that a run does not pay for starting `workers` threads.
//!
//! A run checks the whole pool out, hands one job to each thread and gives the threads
//! back once every job has ended. A run that finds the pool checked out (another run of
//! the same engine is in progress) starts threads of its own instead, as the per-item
//! engines do, so runs never wait for each other. The threads live as long as the
//! engine, as a rayon pool's do: started by [`Adaptive::new`](crate::Adaptive), ended and
//! joined when the engine and its last clone are dropped.

use std::fmt;
use std::sync::PoisonError;
use std::thread::Scope;
use std::time::{Duration, Instant};

use fanout_core::StartError;
use fanout_core::kit::{RunControl, RunWorkers, ThreadGroup, WaitGroup};
use fanout_core::sync::thread::{self, JoinHandle};
use fanout_core::sync::{Arc, AtomicBool, AtomicUsize, Condvar, Mutex, Ordering};

use crate::flaw::{Flaw, flawed};

/// One run's body for one thread.
pub(crate) type Job = Box<dyn FnOnce() + Send>;

/// A worker's body as a run hands it over: a [`Job`] when the run is not scoped, else a
/// closure that may borrow for the scope's `'scope`.
pub(crate) type Body<'scope> = Box<dyn FnOnce() + Send + 'scope>;

/// The engine's kept threads, shared by its clones.
pub(crate) struct Pool {
    engine: &'static str,
    size: usize,
    /// Whether waits spin before they sleep: only while every participant of a run can
    /// have a core of its own, since a spinner on a shared core delays one with work.
    spin: bool,
    threads: Mutex<Kept>,
}

/// Where the kept threads are.
enum Kept {
    /// Idle, waiting for jobs.
    Idle(Vec<PoolThread>),
    /// Lent to the run in progress.
    CheckedOut,
}

impl Pool {
    /// A pool of `size` threads named `"{engine} w{n}"`, started now, or the OS's refusal of
    /// one of them; the threads started before it are then ended. With `spin`, an idle
    /// thread and the run's end spin a while before they sleep.
    pub(crate) fn start(engine: &'static str, size: usize, spin: bool) -> Result<Pool, StartError> {
        let threads = (1..=size)
            .map(|worker| PoolThread::start(engine, worker, spin))
            .collect::<Result<_, _>>()?;
        Ok(Pool {
            engine,
            size,
            spin,
            threads: Mutex::new(Kept::Idle(threads)),
        })
    }

    /// Whether waits spin before they sleep.
    pub(crate) fn spins(&self) -> bool {
        self.spin
    }

    /// The pool's threads for one run, or `None` while another run holds them.
    fn check_out(&self) -> Option<Vec<PoolThread>> {
        let mut kept = self.threads.lock().unwrap_or_else(PoisonError::into_inner);
        match std::mem::replace(&mut *kept, Kept::CheckedOut) {
            Kept::Idle(threads) => Some(threads),
            Kept::CheckedOut => None,
        }
    }

    /// Takes the threads back from a run whose jobs have all ended.
    fn give_back(&self, threads: Vec<PoolThread>) {
        *self.threads.lock().unwrap_or_else(PoisonError::into_inner) = Kept::Idle(threads);
    }
}

impl fmt::Debug for Pool {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Pool")
            .field("engine", &self.engine)
            .field("size", &self.size)
            .finish_non_exhaustive()
    }
}

/// The threads of one run: the pool's, or its own when the pool was checked out.
pub(crate) enum RunThreads<'scope> {
    /// The pool's threads, given back once every job has ended.
    Pooled {
        pool: Arc<Pool>,
        threads: Option<Vec<PoolThread>>,
        /// Made at the first job handed out: a run with none (one worker) waits for
        /// nothing, not even the wake-up a `WaitGroup`'s last drop makes.
        jobs_ended: Option<WaitGroup>,
        /// The jobs not yet ended, for the run's end to spin on before it sleeps.
        running: Arc<AtomicUsize>,
        control: Arc<RunControl>,
        /// The identity on bodies, whose type says they are `'static`: made only where
        /// `'scope` is, it lets the generic code below hand bodies to the kept threads.
        lend: fn(Body<'scope>) -> Job,
    },
    /// Threads started for this run alone, or in the caller's scope, and joined at its end.
    Own(ThreadGroup<'scope>),
}

impl RunThreads<'static> {
    /// The threads for a run of `control`: the pool's when they are free, else an empty
    /// group of the run's own. Callers declare it before the result queue, so that if
    /// starting a thread fails the queue closes before the jobs already started are
    /// waited for.
    pub(crate) fn new(pool: &Arc<Pool>, control: &Arc<RunControl>) -> RunThreads<'static> {
        match pool.check_out() {
            Some(threads) => RunThreads::Pooled {
                pool: Arc::clone(pool),
                threads: Some(threads),
                jobs_ended: None,
                running: Arc::default(),
                control: Arc::clone(control),
                lend: |body| body,
            },
            None => RunThreads::Own(ThreadGroup::new(pool.engine, Arc::clone(control))),
        }
    }
}

impl<'scope> RunThreads<'scope> {
    /// The threads for a scoped run of `control`: started in `scope` for this run, since
    /// the pool's threads cannot take work that borrows.
    pub(crate) fn scoped<'env>(
        engine: &'static str,
        control: &Arc<RunControl>,
        scope: &'scope Scope<'scope, 'env>,
    ) -> RunThreads<'scope> {
        RunThreads::Own(ThreadGroup::scoped(engine, Arc::clone(control), scope))
    }

    /// Starts `body` as worker `worker` (`1..=workers`, each once): on the pool's thread
    /// of that number, or on a thread started for it.
    ///
    /// # Panics
    /// When the OS refuses a thread of the run's own.
    pub(crate) fn start(&mut self, worker: usize, body: impl FnOnce() + Send + 'scope) {
        self.start_each(vec![(worker, Box::new(body))]);
    }

    /// Starts each body as its worker, as [`start`](RunThreads::start) does. The pool's
    /// threads are handed their jobs in a tree: the caller hands two, and each thread
    /// hands two more theirs before it starts its own, so that waking many sleeping
    /// threads costs the caller two wake-ups and spreads the rest over the threads woken.
    ///
    /// # Panics
    /// When the OS refuses a thread of the run's own.
    pub(crate) fn start_each(&mut self, bodies: Vec<(usize, Body<'scope>)>) {
        match self {
            RunThreads::Pooled {
                threads,
                jobs_ended,
                running,
                control,
                lend,
                ..
            } => {
                let threads = threads
                    .as_ref()
                    .expect("the pool's threads until the run ends");
                let mut jobs: Vec<Option<(Arc<Slot>, Job)>> = bodies
                    .into_iter()
                    .map(|(worker, body)| {
                        let body = lend(body);
                        let thread = threads
                            .get(worker - 1)
                            .expect("a pool thread for each worker");
                        let ended = jobs_ended.get_or_insert_with(WaitGroup::new).clone();
                        let control = Arc::clone(control);
                        running.fetch_add(1, Ordering::Relaxed);
                        let running = Arc::clone(running);
                        let job: Job = Box::new(move || {
                            // A panic that escapes the engine's own catching is still
                            // delivered to the consumer, and the thread lives on for later
                            // runs.
                            control.call(body);
                            // Dropped after the body and all it held: the run's end waits
                            // for them.
                            drop(ended);
                            running.fetch_sub(1, Ordering::Release);
                        });
                        Some((Arc::clone(&thread.slot), job))
                    })
                    .collect();
                // Job `i` hands jobs `2i + 2` and `2i + 3` to their threads: built from the
                // leaves up, each parent taking its children's (already built) jobs.
                for parent in (0..jobs.len()).rev() {
                    let children: Vec<(Arc<Slot>, Job)> = [2 * parent + 2, 2 * parent + 3]
                        .into_iter()
                        .filter_map(|child| jobs.get_mut(child).and_then(Option::take))
                        .collect();
                    if children.is_empty() {
                        continue;
                    }
                    let (slot, own) = jobs[parent].take().expect("each job built once");
                    let job: Job = Box::new(move || {
                        if !flawed(Flaw::TreeForgetsTheChildren) {
                            for (slot, child) in children {
                                slot.hand(child);
                            }
                        }
                        own();
                    });
                    jobs[parent] = Some((slot, job));
                }
                for (slot, job) in jobs.into_iter().flatten() {
                    slot.hand(job);
                }
            }
            RunThreads::Own(group) => {
                for (worker, body) in bodies {
                    group.spawn(format_args!("w{worker}"), body);
                }
            }
        }
    }
}

impl RunWorkers for RunThreads<'_> {
    fn wait_stopped(&mut self) {
        match self {
            RunThreads::Pooled {
                pool,
                threads,
                jobs_ended,
                running,
                control,
                ..
            } => {
                control.stop();
                if pool.spin {
                    spin_until(END_SPIN, || running.load(Ordering::Acquire) == 0);
                }
                if let Some(ended) = jobs_ended.take() {
                    ended.wait();
                }
                if let Some(threads) = threads.take() {
                    pool.give_back(threads);
                }
            }
            RunThreads::Own(group) => group.wait_stopped(),
        }
    }
}

/// A run's threads, shared between the consumer's end, which waits for them, and the
/// consumer itself, which starts the feeder only once it first needs it: a run whose
/// threads never all get stuck never wakes it.
#[derive(Clone)]
pub(crate) struct SharedThreads<'scope>(Arc<Mutex<RunThreads<'scope>>>);

impl<'scope> SharedThreads<'scope> {
    pub(crate) fn new(threads: RunThreads<'scope>) -> SharedThreads<'scope> {
        SharedThreads(Arc::new(Mutex::new(threads)))
    }

    fn lock(&self) -> fanout_core::sync::MutexGuard<'_, RunThreads<'scope>> {
        self.0.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Starts `body` as worker `worker`; see [`RunThreads::start`].
    pub(crate) fn start(&self, worker: usize, body: impl FnOnce() + Send + 'scope) {
        self.lock().start(worker, body);
    }
}

impl RunWorkers for SharedThreads<'_> {
    fn wait_stopped(&mut self) {
        self.lock().wait_stopped();
    }
}

impl Drop for RunThreads<'_> {
    fn drop(&mut self) {
        self.wait_stopped();
    }
}

/// One kept thread and the slot it takes its jobs from. Dropped, it tells the thread to
/// end and joins it; the thread is idle then, as a run gives the pool back only once
/// every job has ended.
pub(crate) struct PoolThread {
    slot: Arc<Slot>,
    handle: Option<JoinHandle<()>>,
}

/// A thread's next job, or the word to end.
struct Slot {
    state: Mutex<SlotState>,
    ready: Condvar,
    /// Set with the job or the end, for the idle thread's spin to see without the lock.
    waiting: AtomicBool,
    /// Whether the idle thread spins before it sleeps.
    spin: bool,
}

#[derive(Default)]
struct SlotState {
    job: Option<Job>,
    end: bool,
    /// Whether the thread sleeps on `ready`: only a sleeper needs the notification's
    /// system call.
    asleep: bool,
}

/// How long an idle kept thread spins for its next job before it sleeps: a run that
/// follows within it starts at once, where waking a sleeper takes tens of microseconds
/// on a VM (rayon's threads, too, spin a while before they sleep).
const IDLE_SPIN: Duration = Duration::from_micros(100);

/// How long the run's end spins for its jobs to end before it sleeps: a thread ends its
/// job within microseconds of the stop unless a call is in progress.
const END_SPIN: Duration = Duration::from_micros(50);

/// Spins for at most `limit` until `done` says so; whether it did. Loom does not model
/// time: under it the spin gives up at once and the models check the sleeping path.
fn spin_until(limit: Duration, done: impl Fn() -> bool) -> bool {
    if cfg!(loom) {
        return done();
    }
    let started = Instant::now();
    loop {
        if done() {
            return true;
        }
        if started.elapsed() >= limit {
            return false;
        }
        std::hint::spin_loop();
    }
}

impl PoolThread {
    /// Starts the thread `"{engine} w{worker}"`, waiting for jobs, or says why the OS
    /// refused it.
    fn start(engine: &'static str, worker: usize, spin: bool) -> Result<PoolThread, StartError> {
        let slot = Arc::new(Slot {
            state: Mutex::new(SlotState::default()),
            ready: Condvar::new(),
            waiting: AtomicBool::new(false),
            spin,
        });
        let waiting = Arc::clone(&slot);
        let spawned = thread::Builder::new()
            .name(format!("{engine} w{worker}"))
            .spawn(move || waiting.serve());
        match spawned {
            Ok(handle) => Ok(PoolThread {
                slot,
                handle: Some(handle),
            }),
            Err(error) => Err(StartError::new(
                engine,
                format!(
                    "the OS refused to start thread `w{worker}` ({} threads of the engine's \
                     pool had started)",
                    worker - 1
                ),
                Some(error.into()),
            )),
        }
    }
}

impl Drop for PoolThread {
    fn drop(&mut self) {
        let mut state = self.slot.lock();
        state.end = true;
        self.slot.waiting.store(true, Ordering::Release);
        if state.asleep && !flawed(Flaw::EndForgetsTheThread) {
            self.slot.ready.notify_one();
        }
        drop(state);
        if let Some(handle) = self.handle.take() {
            // Jobs catch their panics, so the thread itself does not panic.
            let _ = handle.join();
        }
    }
}

impl Slot {
    /// Gives the thread `job` to run; it is idle, so the slot is empty.
    fn hand(&self, job: Job) {
        let mut state = self.lock();
        state.job = Some(job);
        self.waiting.store(true, Ordering::Release);
        if state.asleep && !flawed(Flaw::HandForgetsTheThread) {
            self.ready.notify_one();
        }
    }

    fn lock(&self) -> fanout_core::sync::MutexGuard<'_, SlotState> {
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// The kept thread's life: run each job handed over, until told to end.
    fn serve(&self) {
        loop {
            let job = {
                if self.spin {
                    spin_until(IDLE_SPIN, || self.waiting.load(Ordering::Acquire));
                }
                let mut state = self.lock();
                loop {
                    if let Some(job) = state.job.take() {
                        self.waiting.store(false, Ordering::Relaxed);
                        break job;
                    }
                    if state.end {
                        return;
                    }
                    state.asleep = true;
                    state = self
                        .ready
                        .wait(state)
                        .unwrap_or_else(PoisonError::into_inner);
                    state.asleep = false;
                }
            };
            job();
        }
    }
}
