//! A tiny engine for core's own tests: [`ChannelEngine`] on std's channels, every
//! receiver shared behind a mutex, so that core is tested without an engine crate.

use std::sync::mpsc::{Receiver, SyncSender, sync_channel};
use std::sync::{Arc, Mutex, PoisonError};

use crate::kit::{Channel, ChannelEngine};

/// The engine core's tests run.
pub(crate) type TestEngine = ChannelEngine<TestChannel>;

/// std's `sync_channel` with its receiver behind a mutex.
pub(crate) struct TestChannel;

impl Channel for TestChannel {
    const NAME: &'static str = "core-test";

    type Sender<T: Send> = SyncSender<T>;
    type Receiver<T: Send> = Arc<Mutex<Receiver<T>>>;
    type SharedReceiver<T: Send> = Arc<Mutex<Receiver<T>>>;

    fn bounded<T: Send>(capacity: usize) -> (Self::Sender<T>, Self::Receiver<T>) {
        let (sender, receiver) = sync_channel(capacity);
        (sender, Arc::new(Mutex::new(receiver)))
    }

    fn share<T: Send>(receiver: Self::Receiver<T>) -> Self::SharedReceiver<T> {
        receiver
    }

    fn send<T: Send>(sender: &Self::Sender<T>, value: T) -> bool {
        sender.send(value).is_ok()
    }

    fn recv<T: Send>(receiver: &Self::Receiver<T>) -> Option<T> {
        let receiver = receiver.lock().unwrap_or_else(PoisonError::into_inner);
        receiver.recv().ok()
    }

    fn recv_shared<T: Send>(receiver: &Self::SharedReceiver<T>) -> Option<T> {
        Self::recv(receiver)
    }
}
