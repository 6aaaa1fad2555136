//! The jobs a worker process serves, looked up by name for each item.

use std::collections::{BTreeMap, HashMap};
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::{Arc, Mutex, PoisonError};

use fanout_core::WorkerId;

use crate::job::check_job_name;
use crate::wire::{Outcome, decode, encode};
use crate::{Error, Job};

/// One job's work on serialized bytes: decode, call, encode, with panics caught.
type Handler = Arc<dyn Fn(WorkerId, &[u8]) -> (Outcome, Vec<u8>) + Send + Sync>;

/// Makes a family's job for a name, or refuses the name.
type Resolver = Box<dyn Fn(&str) -> Option<Handler> + Send + Sync>;

/// A family of jobs named by a pattern (`spin-<duration>`): a name resolves to a job.
struct Family {
    pattern: String,
    resolve: Resolver,
}

/// The jobs a worker serves. An item whose job is not here is answered with an error
/// that names the job and the names this registry accepts; it reaches the consumer as
/// [`Error::Refused`].
///
/// ```
/// use fanout_core::WorkerId;
/// use fanout_nats::{Job, Jobs};
///
/// struct Double;
/// impl Job for Double {
///     const NAME: &'static str = "double";
///     type Input = u32;
///     type Output = u32;
///     fn call(&self, _worker: WorkerId, input: u32) -> u32 { input * 2 }
/// }
///
/// let jobs = Jobs::new().with(Double)?;
/// assert_eq!(jobs.accepted(), "double");
/// # Ok::<(), fanout_nats::Error>(())
/// ```
#[derive(Default)]
pub struct Jobs {
    named: BTreeMap<String, Handler>,
    families: Vec<Family>,
    resolved: Mutex<HashMap<String, Handler>>,
}

impl Jobs {
    /// No jobs yet.
    pub fn new() -> Jobs {
        Jobs::default()
    }

    /// Serves `job` under its [`name`](Job::name); an invalid name is an error.
    pub fn with<J: Job>(mut self, job: J) -> Result<Jobs, Error> {
        let name = job.name().into_owned();
        check_job_name(&name)?;
        self.named.insert(name, handler(job));
        Ok(self)
    }

    /// Serves every job `resolve` makes from a name, such as `spin-<duration>`;
    /// `pattern` describes the names for error messages. A name `resolve` refuses is
    /// an unknown job.
    pub fn with_family<J, F>(mut self, pattern: impl Into<String>, resolve: F) -> Jobs
    where
        J: Job,
        F: Fn(&str) -> Option<J> + Send + Sync + 'static,
    {
        self.families.push(Family {
            pattern: pattern.into(),
            resolve: Box::new(move |name| resolve(name).map(handler)),
        });
        self
    }

    /// The names and patterns this registry accepts, comma-separated.
    pub fn accepted(&self) -> String {
        let names = self.named.keys().map(String::as_str);
        let patterns = self.families.iter().map(|family| family.pattern.as_str());
        names.chain(patterns).collect::<Vec<_>>().join(", ")
    }

    /// Whether no job is registered.
    pub fn is_empty(&self) -> bool {
        self.named.is_empty() && self.families.is_empty()
    }

    /// Runs job `name` on a serialized input.
    pub(crate) fn call(&self, name: &str, worker: WorkerId, input: &[u8]) -> (Outcome, Vec<u8>) {
        match self.find(name) {
            Some(handler) => handler(worker, input),
            None => (
                Outcome::Refused,
                format!(
                    "unknown job `{name}`: this worker serves {}",
                    self.accepted()
                )
                .into_bytes(),
            ),
        }
    }

    fn find(&self, name: &str) -> Option<Handler> {
        if let Some(handler) = self.named.get(name) {
            return Some(Arc::clone(handler));
        }
        let mut resolved = self.resolved.lock().unwrap_or_else(PoisonError::into_inner);
        if let Some(handler) = resolved.get(name) {
            return Some(Arc::clone(handler));
        }
        let handler = self
            .families
            .iter()
            .find_map(|family| (family.resolve)(name))?;
        resolved.insert(name.to_owned(), Arc::clone(&handler));
        Some(handler)
    }
}

fn handler<J: Job>(job: J) -> Handler {
    Arc::new(move |worker, bytes| {
        let input: J::Input = match decode(bytes) {
            Ok(input) => input,
            Err(error) => {
                return (
                    Outcome::Refused,
                    format!("the item could not be deserialized: {error}").into_bytes(),
                );
            }
        };
        match catch_unwind(AssertUnwindSafe(|| job.call(worker, input))) {
            Ok(output) => match encode(&output) {
                Ok(bytes) => (Outcome::Done, bytes),
                Err(error) => (
                    Outcome::Refused,
                    format!("the result could not be serialized: {error}").into_bytes(),
                ),
            },
            Err(payload) => (
                Outcome::Panicked,
                panic_message(payload.as_ref()).into_bytes(),
            ),
        }
    })
}

/// A panic payload as text: `&str` and `String` as they are, anything else named so.
fn panic_message(payload: &(dyn std::any::Any + Send)) -> String {
    if let Some(text) = payload.downcast_ref::<&str>() {
        (*text).to_owned()
    } else if let Some(text) = payload.downcast_ref::<String>() {
        text.clone()
    } else {
        "a panic payload that is not a string".to_owned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    struct Halve;

    impl Job for Halve {
        const NAME: &'static str = "halve";
        type Input = u32;
        type Output = u32;
        fn call(&self, _worker: WorkerId, input: u32) -> u32 {
            assert!(input.is_multiple_of(2), "odd input {input}");
            input / 2
        }
    }

    #[test]
    fn runs_a_registered_job_and_catches_its_panic() {
        let jobs = Jobs::new().with(Halve).unwrap();
        let (outcome, bytes) = jobs.call("halve", 1, &encode(&8u32).unwrap());
        assert_eq!(
            (outcome, decode::<u32>(&bytes).unwrap()),
            (Outcome::Done, 4)
        );
        let (outcome, bytes) = jobs.call("halve", 1, &encode(&3u32).unwrap());
        assert_eq!(outcome, Outcome::Panicked);
        assert_eq!(String::from_utf8(bytes).unwrap(), "odd input 3");
    }

    #[test]
    fn refuses_unknown_jobs_and_bad_input_naming_what_it_accepts() {
        let jobs = Jobs::new()
            .with(Halve)
            .unwrap()
            .with_family("halve-<n>", |name| (name == "halve-2").then_some(Halve));
        let (outcome, bytes) = jobs.call("double", 1, &[]);
        assert_eq!(outcome, Outcome::Refused);
        assert_eq!(
            String::from_utf8(bytes).unwrap(),
            "unknown job `double`: this worker serves halve, halve-<n>"
        );
        assert_eq!(
            jobs.call("halve-2", 1, &encode(&2u32).unwrap()).0,
            Outcome::Done
        );
        assert_eq!(jobs.call("halve-3", 1, &[]).0, Outcome::Refused);
        let (outcome, bytes) = jobs.call("halve", 1, &[0xff, 0xff, 0xff, 0xff, 0xff, 0xff]);
        assert_eq!(outcome, Outcome::Refused);
        assert!(
            String::from_utf8(bytes)
                .unwrap()
                .contains("could not be deserialized")
        );
    }

    #[test]
    fn refuses_names_that_cannot_travel() {
        struct Dotted;
        impl Job for Dotted {
            const NAME: &'static str = "a.b";
            type Input = ();
            type Output = ();
            fn call(&self, _worker: WorkerId, _input: ()) {}
        }
        let error = Jobs::new().with(Dotted).err().unwrap();
        assert!(
            error.to_string().contains("`a.b` is not accepted"),
            "{error}"
        );
    }
}
