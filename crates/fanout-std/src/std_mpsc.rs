//! [`StdMpsc`]: bounded std channels, the job receiver shared behind a mutex.

use std::sync::mpsc::{Receiver, SyncSender, sync_channel};

use fanout_core::kit::{Channel, ChannelEngine};

use crate::shared_receiver::SharedReceiver;

/// Fan-out/fan-in over `std::sync::mpsc::sync_channel`, the job receiver shared behind a
/// `Mutex`; see the [crate docs](crate) for its strategy and in-flight bound.
pub type StdMpsc = ChannelEngine<StdChannel>;

/// std's `sync_channel`, as the [`StdMpsc`] engine carries items on it: its receivers are
/// single-consumer, so the workers share the job receiver behind a `Mutex`.
#[derive(Clone, Copy, Debug)]
pub struct StdChannel;

impl Channel for StdChannel {
    const NAME: &'static str = "std-mpsc";

    type Sender<T: Send> = SyncSender<T>;
    type Receiver<T: Send> = Receiver<T>;
    type SharedReceiver<T: Send> = SharedReceiver<T>;

    fn bounded<T: Send>(capacity: usize) -> (SyncSender<T>, Receiver<T>) {
        sync_channel(capacity)
    }

    fn share<T: Send>(receiver: Receiver<T>) -> SharedReceiver<T> {
        SharedReceiver::new(receiver)
    }

    fn send<T: Send>(sender: &SyncSender<T>, value: T) -> bool {
        sender.send(value).is_ok()
    }

    fn recv<T: Send>(receiver: &Receiver<T>) -> Option<T> {
        receiver.recv().ok()
    }

    fn recv_shared<T: Send>(receiver: &SharedReceiver<T>) -> Option<T> {
        receiver.recv()
    }
}
