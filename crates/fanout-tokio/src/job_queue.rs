//! The tasks' multi-consumer job queue, made of tokio parts so that only threads outside
//! the runtime ever wake a worker task.
//!
//! Why not `async_channel`: its receivers pass a wake-up they did not use on to the next
//! waiting receiver, from the worker thread they run on. tokio puts a task woken from a
//! worker thread in that worker's LIFO slot, which no other worker can steal; the waking
//! task then runs `work`, blocking its thread, and the woken task (and any job it would
//! take) waits until `work` returns. The conformance suite sees this as workers that never
//! all run at once. Here the jobs sit in a bounded `tokio::sync::mpsc` channel (whose
//! capacity is the backpressure on the feeder), and a `Semaphore` counts the jobs ready:
//! the feeder adds one permit per job it sent, a task takes one permit per job, and no
//! task ever wakes another.

use std::sync::{Arc, Mutex, PoisonError};

use tokio::sync::{Semaphore, mpsc};

/// The receiving end, shared by the worker tasks of one run.
pub(crate) struct JobQueue<T> {
    jobs: Mutex<mpsc::Receiver<T>>,
    ready: Arc<Semaphore>,
}

/// The sending end, owned by the feeder thread. It holds the semaphore but not the
/// receiver, so that once every task has gone the channel closes and a send fails.
pub(crate) struct JobSender<T> {
    sender: Option<mpsc::Sender<T>>,
    ready: Arc<Semaphore>,
    takers: usize,
}

/// A queue of `capacity` jobs for `takers` tasks.
pub(crate) fn job_queue<T>(capacity: usize, takers: usize) -> (JobSender<T>, Arc<JobQueue<T>>) {
    let (sender, receiver) = mpsc::channel(capacity);
    let ready = Arc::new(Semaphore::new(0));
    let queue = Arc::new(JobQueue {
        jobs: Mutex::new(receiver),
        ready: Arc::clone(&ready),
    });
    let sender = JobSender {
        sender: Some(sender),
        ready,
        takers,
    };
    (sender, queue)
}

impl<T> JobSender<T> {
    /// Sends one job from a thread outside the runtime, waiting while the queue is full;
    /// `false` once every task has gone.
    pub(crate) fn send_blocking(&self, job: T) -> bool {
        let Some(sender) = &self.sender else {
            return false;
        };
        if sender.blocking_send(job).is_err() {
            return false;
        }
        self.ready.add_permits(1);
        true
    }
}

impl<T> Drop for JobSender<T> {
    fn drop(&mut self) {
        // Close the channel, then wake every task once more so that each sees the end.
        drop(self.sender.take());
        self.ready.add_permits(self.takers);
    }
}

impl<T> JobQueue<T> {
    /// The next job, or `None` once the feeder has finished and the queue is empty.
    pub(crate) async fn recv(&self) -> Option<T> {
        // Each permit stands for a job already in the channel, or for the end; so the
        // `try_recv` below finds a job unless the channel is closed and drained.
        self.ready.acquire().await.ok()?.forget();
        self.jobs
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .try_recv()
            .ok()
    }
}
