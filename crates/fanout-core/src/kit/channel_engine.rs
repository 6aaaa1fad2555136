//! [`ChannelEngine`]: the one algorithm of the engines built on a channel library and OS
//! threads, over any [`Channel`], as crossbeam-channel's flavors are one channel over
//! several queues.

use crate::sync::Arc;
use std::fmt;
use std::marker::PhantomData;
use std::thread::Scope;

use super::{GuardedInput, RunControl, RunResults, ThreadGroup, work_loop};
use crate::{FanConfig, FanOutFanIn, ScopedWork, Work};

/// A channel library as [`ChannelEngine`] uses it: bounded queues whose senders and whose
/// workers' receivers can be shared by several threads.
///
/// An engine crate implements it on a unit type and names the engine
/// `pub type MyEngine = ChannelEngine<MyChannel>;`.
pub trait Channel: Send + Sync + 'static {
    /// The engine's name, as [`FanOutFanIn::NAME`].
    const NAME: &'static str;

    /// The sending half of a queue; every worker holds a clone of the result queue's.
    type Sender<T: Send>: Clone + Send;
    /// The receiving half of a queue, as one thread (the consumer) holds it.
    type Receiver<T: Send>: Send;
    /// The receiving half of the job queue, as the workers share it.
    type SharedReceiver<T: Send>: Clone + Send;

    /// A queue holding at most `capacity` values; 0 is a rendezvous where the library has
    /// one (the engine's docs say what it does otherwise).
    fn bounded<T: Send>(capacity: usize) -> (Self::Sender<T>, Self::Receiver<T>);

    /// Makes a receiver that every worker can take jobs from, each job going to one.
    fn share<T: Send>(receiver: Self::Receiver<T>) -> Self::SharedReceiver<T>;

    /// Sends `value`, waiting while the queue is full; `false` once every receiver is gone.
    fn send<T: Send>(sender: &Self::Sender<T>, value: T) -> bool;

    /// Receives a value, waiting while the queue is empty; `None` once it is empty and
    /// every sender is gone.
    fn recv<T: Send>(receiver: &Self::Receiver<T>) -> Option<T>;

    /// [`recv`](Channel::recv) on the workers' shared receiver.
    fn recv_shared<T: Send>(receiver: &Self::SharedReceiver<T>) -> Option<T>;
}

/// Fan-out/fan-in on a channel library and OS threads: the engine behind `std-mpsc`,
/// `crossbeam` and `flume`, which differ only in their [`Channel`].
///
/// # Strategy
/// Each run starts one feeder thread and `workers` worker threads. The feeder pulls the
/// input one item at a time into a job queue of `capacity`, which every worker receives
/// from; each worker runs [`work_loop`] and sends its results into one shared result queue
/// of `capacity`, which the consumer's `next()` receives from. A scoped run
/// ([`run_in`](FanOutFanIn::run_in)) starts the same threads inside the caller's scope.
///
/// The run closes from the input's end: the feeder drops its sender when the input ends,
/// the workers drain the job queue and drop theirs, and the result queue reports
/// disconnection to the consumer, which joins the threads. Dropping the iterator closes it
/// from the other end: the result receiver goes, workers fail to send and exit, the job
/// queue loses its receivers and the feeder exits; the drop joins them all.
///
/// # In-flight bound
/// `2 * capacity + workers + 1`: one item held by the feeder waiting to send, `capacity` in
/// the job queue, one per worker (working, or waiting to send its result), and `capacity`
/// in the result queue.
pub struct ChannelEngine<C> {
    config: FanConfig,
    channel: PhantomData<fn() -> C>,
}

impl<C> Clone for ChannelEngine<C> {
    fn clone(&self) -> Self {
        ChannelEngine {
            config: self.config.clone(),
            channel: PhantomData,
        }
    }
}

impl<C: Channel> fmt::Debug for ChannelEngine<C> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ChannelEngine")
            .field("channel", &C::NAME)
            .field("config", &self.config)
            .finish()
    }
}

impl<C: Channel> FanOutFanIn for ChannelEngine<C> {
    const NAME: &'static str = C::NAME;

    fn new(config: FanConfig) -> Self {
        ChannelEngine {
            config,
            channel: PhantomData,
        }
    }

    fn config(&self) -> &FanConfig {
        &self.config
    }

    fn in_flight_bound(&self) -> usize {
        let FanConfig {
            workers, capacity, ..
        } = self.config;
        2 * capacity + workers.get() + 1
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
        let threads = ThreadGroup::new(Self::NAME, Arc::clone(&control));
        self.start(control, threads, items, work)
    }

    fn run_in<'scope, 'env, I, T, R, F>(
        &self,
        scope: &'scope Scope<'scope, 'env>,
        items: I,
        work: F,
    ) -> impl Iterator<Item = R> + Send
    where
        I: IntoIterator<Item = T>,
        I::IntoIter: Send + 'scope,
        T: Send + 'scope,
        R: Send + 'scope,
        F: ScopedWork<'scope, T, R>,
    {
        let control = RunControl::new();
        let threads = ThreadGroup::scoped(Self::NAME, Arc::clone(&control), scope);
        self.start(control, threads, items, work)
    }
}

impl<C: Channel> ChannelEngine<C> {
    /// Starts a run on `threads`, the run's own or the caller's scope's.
    fn start<'scope, I, T, R, F>(
        &self,
        control: Arc<RunControl>,
        // Made before the channels, so dropped after them: see `ThreadGroup::spawn`.
        mut threads: ThreadGroup<'scope>,
        items: I,
        work: F,
    ) -> impl Iterator<Item = R> + Send + use<'scope, C, I, T, R, F>
    where
        I: IntoIterator<Item = T>,
        I::IntoIter: Send + 'scope,
        T: Send + 'scope,
        R: Send + 'scope,
        F: ScopedWork<'scope, T, R>,
    {
        let (job_sender, job_receiver) = C::bounded::<T>(self.config.capacity);
        let job_receiver = C::share(job_receiver);
        let (result_sender, result_receiver) = C::bounded::<R>(self.config.capacity);
        let work = Arc::new(work);

        // The feeder starts first, so the workers find the job queue filling rather than
        // empty: workers that start first park on the empty queue and are then woken one
        // item at a time, which costs a context switch per item for the whole run.
        let input = GuardedInput::new(items.into_iter(), Arc::clone(&control));
        threads.spawn("feeder", move || {
            input.feed(|item| C::send(&job_sender, item));
        });

        for worker in 1..=self.config.workers.get() {
            let jobs = job_receiver.clone();
            let results = result_sender.clone();
            let work = Arc::clone(&work);
            let control = Arc::clone(&control);
            threads.spawn(format_args!("w{worker}"), move || {
                let jobs = std::iter::from_fn(|| C::recv_shared(&jobs));
                work_loop(worker, jobs, &*work, &control, |result| {
                    C::send(&results, result)
                });
            });
        }
        drop((job_receiver, result_sender, work));

        RunResults::new(control, threads, move || C::recv(&result_receiver))
    }
}

/// Implements [`Channel`] on a new unit type for a channel library whose API has the
/// common shape: `library::bounded(capacity)`, a multi-consumer `Receiver` that is `Clone`,
/// and `send`/`recv` that return an error once the other side has gone (crossbeam-channel
/// and flume have it).
///
/// ```text
/// fanout_core::multi_consumer_channel!(
///     /// The library's bounded queues, as the `MyEngine` engine carries items on them.
///     pub MyChannel = "my-engine", my_library
/// );
/// pub type MyEngine = fanout_core::kit::ChannelEngine<MyChannel>;
/// ```
#[macro_export]
macro_rules! multi_consumer_channel {
    ($(#[$meta:meta])* $vis:vis $channel:ident = $name:literal, $library:ident) => {
        $(#[$meta])*
        #[derive(Clone, Copy, Debug)]
        $vis struct $channel;

        impl $crate::kit::Channel for $channel {
            const NAME: &'static str = $name;

            type Sender<T: Send> = $library::Sender<T>;
            type Receiver<T: Send> = $library::Receiver<T>;
            type SharedReceiver<T: Send> = $library::Receiver<T>;

            fn bounded<T: Send>(capacity: usize) -> (Self::Sender<T>, Self::Receiver<T>) {
                $library::bounded(capacity)
            }

            fn share<T: Send>(receiver: Self::Receiver<T>) -> Self::SharedReceiver<T> {
                receiver
            }

            fn send<T: Send>(sender: &Self::Sender<T>, value: T) -> bool {
                sender.send(value).is_ok()
            }

            fn recv<T: Send>(receiver: &Self::Receiver<T>) -> Option<T> {
                receiver.recv().ok()
            }

            fn recv_shared<T: Send>(receiver: &Self::SharedReceiver<T>) -> Option<T> {
                receiver.recv().ok()
            }
        }
    };
}
