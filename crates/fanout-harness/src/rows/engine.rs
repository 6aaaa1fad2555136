//! [`EngineRow`]: any engine as a row, measured through its public contract.

use fanout_core::{FanConfig, FanOutFanIn, Work};

use super::Runner;

/// An engine measured end to end through [`FanOutFanIn::run`].
pub struct EngineRow<E>(E);

impl<E: FanOutFanIn> Runner for EngineRow<E> {
    const NAME: &'static str = E::NAME;

    fn build(config: &FanConfig) -> Self {
        EngineRow(E::new(config.clone()))
    }

    fn drive<I, T, R, F>(&self, items: I, work: F, sink: impl FnMut(R))
    where
        I: Iterator<Item = T> + Send + 'static,
        T: Send + 'static,
        R: Send + 'static,
        F: Work<T, R>,
    {
        self.0.run(items, work).for_each(sink);
    }

    fn first_result<I, T, R, F>(&self, items: I, work: F) -> Option<R>
    where
        I: Iterator<Item = T> + Send + 'static,
        T: Send + 'static,
        R: Send + 'static,
        F: Work<T, R>,
    {
        self.0.run(items, work).next()
    }
}
