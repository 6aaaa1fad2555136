//! [`GuardedInput`]: the input of a run, pulled only while the run goes on.

use crate::sync::Arc;

use super::RunControl;

/// Wraps a run's input: it ends when the run is stopped, turns a panic in the input's
/// `next()` (or in its `Drop`) into a recorded panic and an end, and drops the input as soon
/// as it ends, on the thread that pulled it.
pub struct GuardedInput<I> {
    items: Option<I>,
    control: Arc<RunControl>,
}

impl<I> GuardedInput<I> {
    /// Guards `items` for the run that `control` controls.
    pub fn new(items: I, control: Arc<RunControl>) -> GuardedInput<I> {
        GuardedInput {
            items: Some(items),
            control,
        }
    }

    /// The body of a feeder: hands each item to `send` until the input ends, the run stops,
    /// or `send` returns `false` (the workers have gone).
    pub fn feed(self, mut send: impl FnMut(I::Item) -> bool)
    where
        I: Iterator,
    {
        for item in self {
            if !send(item) {
                break;
            }
        }
    }

    /// Drops the input now; a panic in its `Drop` is recorded, not thrown.
    #[cold]
    fn finish(&mut self) {
        if let Some(items) = self.items.take() {
            self.control.call(move || drop(items));
        }
    }
}

impl<I: Iterator> Iterator for GuardedInput<I> {
    type Item = I::Item;

    #[inline]
    fn next(&mut self) -> Option<I::Item> {
        if self.control.is_stopped() {
            self.finish();
            return None;
        }
        self.next_unwatched()
    }
}

impl<I: Iterator> GuardedInput<I> {
    /// The next item without a look at the stop flag, for a run whose only thread is the
    /// consumer's: nothing can stop it between two calls but a panic this thread records.
    /// The flag's load in every call kept a cheap loop from being optimised as a plain
    /// `for` loop is.
    #[inline]
    pub fn next_unwatched(&mut self) -> Option<I::Item> {
        let items = self.items.as_mut()?;
        if let Some(Some(item)) = self.control.call(|| items.next()) {
            return Some(item);
        }
        self.finish();
        None
    }
}

impl<I> Drop for GuardedInput<I> {
    fn drop(&mut self) {
        self.finish();
    }
}
