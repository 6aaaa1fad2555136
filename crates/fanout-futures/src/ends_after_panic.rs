//! [`EndsAfterPanic`]: a stream that ends for good once a poll of it has panicked.

use std::panic::{AssertUnwindSafe, catch_unwind, resume_unwind};
use std::pin::Pin;
use std::task::{Context, Poll};

use futures_core::Stream;

/// Passes on the inner stream's items until it ends or a poll of it panics; then drops it
/// (and so every future still in progress in it) and yields `None` for good.
///
/// `buffer_unordered` after a panic would carry on with the futures that did not panic;
/// the contract wants the run over, its panic resumed once.
pub(crate) struct EndsAfterPanic<St> {
    inner: Option<Pin<Box<St>>>,
}

impl<St> EndsAfterPanic<St> {
    pub(crate) fn new(inner: St) -> Self {
        EndsAfterPanic {
            inner: Some(Box::pin(inner)),
        }
    }
}

impl<St: Stream> Stream for EndsAfterPanic<St> {
    type Item = St::Item;

    fn poll_next(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<St::Item>> {
        let this = self.get_mut();
        let Some(inner) = this.inner.as_mut() else {
            return Poll::Ready(None);
        };
        match catch_unwind(AssertUnwindSafe(|| inner.as_mut().poll_next(cx))) {
            Ok(Poll::Ready(None)) => {
                // Ended: the input and `work` are released now, not when the consumer
                // drops the stream.
                this.inner = None;
                Poll::Ready(None)
            }
            Ok(polled) => polled,
            Err(payload) => {
                let inner = this.inner.take();
                // The futures left are dropped before the panic resumes; a panic in one of
                // their drops must not replace the one being resumed.
                let _ = catch_unwind(AssertUnwindSafe(move || drop(inner)));
                resume_unwind(payload)
            }
        }
    }
}
