//! What a worker takes as a batch: a message on a run's own subject whose headers name a
//! job and the run, the first item and the count, with a body of that many items.
//! Anything else was not published by a run (a forgery, a client of another version):
//! the worker terminates it, saying why once, rather than leave it to be redelivered.

use async_nats::jetstream;

use crate::engine::MAX_BATCH_LIMIT;
use crate::job::is_name;
use crate::wire::{self, COUNT, ITEM, JOB, RUN, work_subject};

/// The longest run id accepted: ours are 16 hex digits.
const MAX_RUN_ID: usize = 64;

/// A batch's headers, checked.
pub(crate) struct BatchHeaders {
    pub(crate) job: String,
    pub(crate) run: String,
    pub(crate) first: u64,
}

/// The batch's headers, or why the message is not a run's batch.
pub(crate) fn accept(message: &jetstream::Message) -> Result<BatchHeaders, String> {
    let headers = message.headers.as_ref();
    let text = |name: &str| {
        wire::header(headers, name).ok_or_else(|| format!("it has no `{name}` header"))
    };
    let number = |name: &str| {
        let value = text(name)?;
        value
            .parse::<u64>()
            .map_err(|_| format!("its `{name}` header `{value}` is not a whole number"))
    };
    let (job, run) = (text(JOB)?, text(RUN)?);
    if !is_name(job) {
        return Err(format!(
            "its job `{job}` is not a job name (letters, digits, `-` and `_`)"
        ));
    }
    if !is_name(run) || run.len() > MAX_RUN_ID {
        return Err(format!(
            "its run `{run}` is not a run id (up to {MAX_RUN_ID} letters, digits, `-` and `_`)"
        ));
    }
    if message.subject.as_str() != work_subject(run) {
        return Err(format!("its run `{run}` is not that of its subject"));
    }
    let (first, count) = (number(ITEM)?, number(COUNT)?);
    if !(1..=MAX_BATCH_LIMIT as u64).contains(&count) {
        return Err(format!("its count {count} is not in 1..={MAX_BATCH_LIMIT}"));
    }
    let items = wire::unframe(&message.payload)
        .map_err(|why| format!("its body is not a batch of items: {why}"))?;
    if items.len() as u64 != count {
        return Err(format!(
            "its body holds {} items, its count says {count}",
            items.len()
        ));
    }
    Ok(BatchHeaders {
        job: job.to_owned(),
        run: run.to_owned(),
        first,
    })
}
