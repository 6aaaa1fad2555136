//! Work that crosses processes: a job registered by name, and a panic sent back.

use std::borrow::Cow;
use std::fmt;

use fanout_core::WorkerId;
use serde::Serialize;
use serde::de::DeserializeOwned;

/// Work that a worker process runs by name: closures cannot cross processes, so the
/// consumer names the job and the worker looks it up in its [`Jobs`](crate::Jobs).
///
/// ```
/// use fanout_core::WorkerId;
/// use fanout_nats::Job;
///
/// struct Square;
///
/// impl Job for Square {
///     const NAME: &'static str = "square";
///     type Input = u64;
///     type Output = u64;
///     fn call(&self, _worker: WorkerId, input: u64) -> u64 {
///         input * input
///     }
/// }
/// assert_eq!(Square.name(), "square");
/// ```
pub trait Job: Send + Sync + 'static {
    /// The job's name on the wire: letters, digits, `-` and `_`.
    const NAME: &'static str;
    /// What the consumer sends, serialized with postcard.
    type Input: Serialize + DeserializeOwned + Send + 'static;
    /// What the worker sends back, serialized with postcard.
    type Output: Serialize + DeserializeOwned + Send + 'static;

    /// Runs the job on one item, on worker `worker` (`1..=workers` of its process).
    fn call(&self, worker: WorkerId, input: Self::Input) -> Self::Output;

    /// The name this value is published under: [`Job::NAME`], unless one type stands
    /// for a family of jobs told apart by a parameter (`spin-1ms`, `spin-10us`), whose
    /// values name themselves and whose workers register the family with
    /// [`Jobs::with_family`](crate::Jobs::with_family).
    fn name(&self) -> Cow<'static, str> {
        Cow::Borrowed(Self::NAME)
    }
}

/// A job's panic in a worker process, as [`Error::Panicked`](crate::Error::Panicked)
/// reports it to the consumer.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RemotePanic {
    /// The item's number in input order (from 0).
    pub item: u64,
    /// The worker that ran it, within its process.
    pub worker: WorkerId,
    /// The panic's message (`&str` and `String` payloads; a note for other types).
    pub message: String,
}

impl fmt::Display for RemotePanic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "item {} panicked on worker {}: {}",
            self.item, self.worker, self.message
        )
    }
}

/// Whether `name` may name a job or a run: non-empty, letters, digits, `-` and `_`, since
/// it travels in a header, in a subject and in error messages.
pub(crate) fn is_name(name: &str) -> bool {
    !name.is_empty()
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
}

/// [`is_name`], or an error saying what a job name may hold.
pub(crate) fn check_job_name(name: &str) -> Result<(), crate::Error> {
    if is_name(name) {
        Ok(())
    } else {
        Err(crate::Error::Config(format!(
            "job name `{name}` is not accepted: use letters, digits, `-` and `_`"
        )))
    }
}
