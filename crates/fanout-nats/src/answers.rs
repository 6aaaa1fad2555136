//! A worker's answers to a batch, split into result messages the server takes: each
//! within its `max_payload`, and a result too large for any message failed on its own.

use std::time::{Duration, Instant};

use fanout_core::WorkerId;

use crate::Jobs;
use crate::wire::{self, Outcome, encode, frame_answer, framed_answer_size};

/// Room kept in every result message for its headers, which take under 200 bytes.
pub(crate) const HEADER_ROOM: usize = 1024;

/// One result message: where its first answer's item is in the batch, how many answers
/// it carries, the time the worker spent on their items, and the answers framed.
pub(crate) struct Part {
    pub(crate) offset: u64,
    pub(crate) count: u64,
    pub(crate) took: Duration,
    pub(crate) body: Vec<u8>,
}

/// A batch's answers in parts, and the item the worker refused, if it did (its place in
/// the batch, and why).
pub(crate) struct Answered {
    pub(crate) parts: Vec<Part>,
    pub(crate) refused: Option<(u64, String)>,
}

/// Runs `job` on each item of a batch (framed, as [`accept`](crate::accept::accept)
/// checked), in order, and splits the answers into parts of at most `max_payload` bytes
/// with their headers. The first item that is not done (a panic, a refusal, a result too
/// large for any message) ends the batch: the run stops there.
pub(crate) fn answer_batch(
    jobs: &Jobs,
    job: &str,
    worker: WorkerId,
    body: &[u8],
    max_payload: usize,
) -> Answered {
    let mut parts = Parts::new(max_payload.saturating_sub(HEADER_ROOM));
    let mut refused = None;
    for (place, input) in (0..).zip(wire::unframe(body).unwrap_or_default()) {
        let started = Instant::now();
        let (mut outcome, mut bytes) = jobs.call(job, worker, input);
        if framed_answer_size(&bytes) > parts.room {
            let why = format!(
                "its result is {} bytes, over the server's max_payload of {max_payload} bytes",
                bytes.len()
            );
            refused = Some((place, why));
            let sizes = (bytes.len() as u64, max_payload as u64);
            outcome = Outcome::TooLarge;
            bytes = encode(&sizes).expect("two numbers serialize");
        } else if outcome == Outcome::Refused {
            refused = Some((place, String::from_utf8_lossy(&bytes).into_owned()));
        }
        parts.push(outcome, &bytes, started.elapsed());
        if outcome != Outcome::Done {
            break;
        }
    }
    Answered {
        parts: parts.finish(),
        refused,
    }
}

/// One answer alone as a batch's only part: the worker's own failure to run the batch.
pub(crate) fn single(outcome: Outcome, message: &str) -> Answered {
    let mut parts = Parts::new(usize::MAX);
    parts.push(outcome, message.as_bytes(), Duration::ZERO);
    Answered {
        parts: parts.finish(),
        refused: None,
    }
}

/// Parts being filled, each up to `room` bytes of answers.
struct Parts {
    room: usize,
    done: Vec<Part>,
    filling: Part,
}

impl Parts {
    fn new(room: usize) -> Parts {
        Parts {
            room,
            done: Vec::new(),
            filling: Part::at(0),
        }
    }

    fn push(&mut self, outcome: Outcome, bytes: &[u8], took: Duration) {
        let full = self.filling.body.len() + framed_answer_size(bytes) > self.room;
        if self.filling.count > 0 && full {
            let next = Part::at(self.filling.offset + self.filling.count);
            self.done.push(std::mem::replace(&mut self.filling, next));
        }
        frame_answer(&mut self.filling.body, outcome, bytes);
        self.filling.count += 1;
        self.filling.took += took;
    }

    fn finish(mut self) -> Vec<Part> {
        if self.filling.count > 0 {
            self.done.push(self.filling);
        }
        self.done
    }
}

impl Part {
    fn at(offset: u64) -> Part {
        Part {
            offset,
            count: 0,
            took: Duration::ZERO,
            body: Vec::new(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Job;
    use crate::wire::{decode, frame, unframe_answers};

    /// `n -> n bytes`.
    struct Bytes;

    impl Job for Bytes {
        const NAME: &'static str = "bytes";
        type Input = usize;
        type Output = Vec<u8>;
        fn call(&self, _worker: WorkerId, input: usize) -> Vec<u8> {
            vec![7; input]
        }
    }

    fn batch(sizes: &[usize]) -> Vec<u8> {
        let mut body = Vec::new();
        for size in sizes {
            frame(&mut body, &encode(size).unwrap());
        }
        body
    }

    #[test]
    fn answers_split_into_parts_within_the_limit_in_order() {
        let jobs = Jobs::new().with(Bytes).unwrap();
        let limit = HEADER_ROOM + 10_000;
        let parts = answer_batch(&jobs, "bytes", 1, &batch(&[4_000; 7]), limit).parts;
        let offsets: Vec<(u64, u64)> = parts.iter().map(|part| (part.offset, part.count)).collect();
        assert_eq!(offsets, [(0, 2), (2, 2), (4, 2), (6, 1)]);
        for part in &parts {
            assert!(
                part.body.len() + HEADER_ROOM <= limit,
                "{}",
                part.body.len()
            );
            assert!(
                unframe_answers(&part.body)
                    .unwrap()
                    .iter()
                    .all(|(outcome, _)| *outcome == Outcome::Done)
            );
        }
    }

    #[test]
    fn a_result_too_large_for_any_message_fails_its_item_and_ends_the_batch() {
        let jobs = Jobs::new().with(Bytes).unwrap();
        let limit = HEADER_ROOM + 10_000;
        let answered = answer_batch(&jobs, "bytes", 1, &batch(&[10, 20_000, 10]), limit);
        let parts = answered.parts;
        assert_eq!(answered.refused.map(|(place, _)| place), Some(1));
        let answers: Vec<_> = parts
            .iter()
            .flat_map(|part| unframe_answers(&part.body).unwrap())
            .collect();
        assert_eq!(answers.len(), 2, "the batch ends at the item too large");
        assert_eq!(answers[1].0, Outcome::TooLarge);
        // postcard's length prefix takes 3 bytes for 20 000.
        assert_eq!(
            decode::<(u64, u64)>(&answers[1].1).unwrap(),
            (20_003, limit as u64)
        );
    }
}
