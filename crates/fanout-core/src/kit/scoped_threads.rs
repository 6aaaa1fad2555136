//! [`run_on_scoped_threads`]: a scoped run for engines whose own threads cannot take
//! borrowed work.

use std::sync::PoisonError;
use std::sync::mpsc::sync_channel;
use std::thread::Scope;

use crate::sync::{Arc, Mutex};

use super::{GuardedInput, RunControl, RunResults, ThreadGroup, work_loop};
use crate::{FanConfig, ScopedWork};

/// A scoped run on `workers` threads of `scope`, the default of
/// [`FanOutFanIn::run_in`](crate::FanOutFanIn::run_in) for the engines that keep threads.
///
/// Each thread pulls one item from the shared input, works on it and sends the result
/// over std's `sync_channel(capacity)`, which the consumer receives from; there is no
/// feeder. So at most `workers + capacity` items are in flight, one per thread and
/// `capacity` in the channel, and the engine's name labels the threads.
pub fn run_on_scoped_threads<'scope, 'env, I, T, R, F>(
    engine: &'static str,
    config: &FanConfig,
    scope: &'scope Scope<'scope, 'env>,
    items: I,
    work: F,
) -> impl Iterator<Item = R> + Send + use<'scope, I, T, R, F>
where
    I: IntoIterator<Item = T>,
    I::IntoIter: Send + 'scope,
    T: Send + 'scope,
    R: Send + 'scope,
    F: ScopedWork<'scope, T, R>,
{
    let control = RunControl::new();
    // Declared before the channel: see `ThreadGroup::spawn`.
    let mut threads = ThreadGroup::scoped(engine, Arc::clone(&control), scope);
    let (result_sender, result_receiver) = sync_channel::<R>(config.capacity);
    let input = GuardedInput::new(items.into_iter(), Arc::clone(&control));
    let shared = Arc::new((Mutex::new(input), work));

    for worker in 1..=config.workers.get() {
        let shared = Arc::clone(&shared);
        let results = result_sender.clone();
        let control = Arc::clone(&control);
        threads.spawn(format_args!("w{worker}"), move || {
            let (input, work) = &*shared;
            // The lock is held only while the input is pulled; `GuardedInput` catches a
            // panic in it, so the lock is never poisoned by one.
            let jobs =
                std::iter::from_fn(|| input.lock().unwrap_or_else(PoisonError::into_inner).next());
            work_loop(worker, jobs, work, &control, |result| {
                results.send(result).is_ok()
            });
        });
    }
    drop((result_sender, shared));

    RunResults::new(control, threads, move || result_receiver.recv().ok())
}
