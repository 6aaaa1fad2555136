//! After a worker's pull fails, which a message the client cannot read causes, the
//! messages delivered and not yet acknowledged are read through the JetStream API, and
//! those whose headers the client cannot read are deleted, each said once on stderr.

use async_nats::jetstream;

use crate::raw::header_at;
use crate::unreadable::why_unreadable;
use crate::wire::{WORK_STREAM, WORKERS_CONSUMER};

/// The most messages one sweep reads, from the workers' ack floor on.
const MAX_SWEEP: u64 = 4096;

/// Deletes the delivered, unacknowledged messages whose headers the client cannot read;
/// returns how many it deleted.
pub(crate) async fn sweep(js: &jetstream::Context) -> u64 {
    let mut deleted = 0;
    let Ok(stream) = js.get_stream(WORK_STREAM).await else {
        return deleted;
    };
    let Ok(info) = stream.consumer_info(WORKERS_CONSUMER).await else {
        return deleted;
    };
    let from = info.ack_floor.stream_sequence + 1;
    let to = info
        .delivered
        .stream_sequence
        .min(from.saturating_add(MAX_SWEEP - 1));
    for sequence in from..=to {
        let Ok(Some(header)) = header_at(js, sequence).await else {
            continue;
        };
        let Some(why) = why_unreadable(&header) else {
            continue;
        };
        // Where two workers sweep at once, the one that deletes it says so.
        if let Ok(true) = stream.delete_message(sequence).await {
            deleted += 1;
            eprintln!(
                "fanout-nats worker: deleted message {sequence} of {WORK_STREAM}, which the \
                 client cannot read: {why}"
            );
        }
    }
    deleted
}
