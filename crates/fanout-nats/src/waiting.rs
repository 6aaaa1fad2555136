//! A run that gets no result says what it waits for: after a few seconds of silence, and
//! again each time the silence has doubled (at least once a minute), on stderr.

use std::time::Duration;

use async_nats::jetstream::{self, context::ConsumerInfoErrorKind};
use tokio::time::Instant;

use crate::wire::{WORK_STREAM, WORKERS_CONSUMER};

/// The longest gap between two notices of one silence.
const MAX_GAP: Duration = Duration::from_secs(60);

/// How long asking the server about its workers may take before the notice goes without.
pub(crate) const ASK_TIMEOUT: Duration = Duration::from_secs(1);

/// How long a run has gone without results, and when it next says so.
pub(crate) struct Silence {
    first: Duration,
    since: Instant,
    next: Instant,
}

impl Silence {
    /// A silence starting now, first noticed after `first`.
    pub(crate) fn new(first: Duration) -> Silence {
        let now = Instant::now();
        Silence {
            first,
            since: now,
            next: now + first,
        }
    }

    /// Something arrived, or the run began to wait: the silence starts again.
    pub(crate) fn restart(&mut self) {
        *self = Silence::new(self.first);
    }

    /// When the next notice is due.
    pub(crate) fn due(&self) -> Instant {
        self.next
    }

    /// A notice is given now: how long the silence has lasted; the next notice comes
    /// when it has lasted twice as long, or a minute later.
    pub(crate) fn notice(&mut self) -> Duration {
        let now = Instant::now();
        let lasted = now - self.since;
        self.next = now + lasted.clamp(self.first, MAX_GAP);
        lasted
    }
}

/// What a run waits for: its run, its job, and its batches and items not yet answered.
pub(crate) struct Waiting<'a> {
    pub(crate) run: &'a str,
    pub(crate) job: &'a str,
    pub(crate) batches: usize,
    pub(crate) items: u64,
}

impl Waiting<'_> {
    /// Says on stderr what the run waits for and what the server knows of its workers.
    pub(crate) async fn say(&self, js: &jetstream::Context, silent: Duration) {
        let workers = tokio::time::timeout(ASK_TIMEOUT, workers(js))
            .await
            .unwrap_or_else(|_elapsed| "the server did not say how its workers are".to_owned());
        eprintln!(
            "fanout-nats: run {} has had no result for {:.1?}, waiting for {} of job `{}` in \
             {}: {workers}",
            self.run,
            silent,
            counted(self.items, "item"),
            self.job,
            counted(self.batches as u64, "batch")
        );
    }
}

/// What the server knows of the workers: whether any has joined, pulls or holds batches.
async fn workers(js: &jetstream::Context) -> String {
    let start = "start `fanout worker --nats <this server>`, or a process calling \
                 `fanout_nats::serve` with this job";
    let info = match js.get_stream(WORK_STREAM).await {
        Ok(stream) => stream.consumer_info(WORKERS_CONSUMER).await,
        Err(error) => return format!("the work stream could not be read: {error}"),
    };
    match info {
        Ok(info) if info.num_ack_pending == 0 && info.num_waiting == 0 => {
            format!("no worker is pulling batches now; {start}")
        }
        Ok(info) => format!(
            "workers hold {} batches unacknowledged and {} pulls wait for more (a batch held \
             longer than the ack wait goes to another worker)",
            info.num_ack_pending, info.num_waiting
        ),
        Err(error) if error.kind() == ConsumerInfoErrorKind::NotFound => {
            format!("no worker has ever joined this server; {start}")
        }
        Err(error) => format!("the workers' consumer could not be read: {error}"),
    }
}

/// `1 item`, `2 items`, `1 batch`, `3 batches`.
fn counted(count: u64, noun: &str) -> String {
    let ending = match (count, noun.ends_with(['s', 'h'])) {
        (1, _) => "",
        (_, true) => "es",
        (_, false) => "s",
    };
    format!("{count} {noun}{ending}")
}
