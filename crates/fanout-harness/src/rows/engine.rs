//! [`EngineRow`] and [`ScopedEngineRow`]: any engine as a row, measured through its
//! public contract, with `run` or with `run_in`.

use std::thread;

use fanout_core::{FanConfig, FanOutFanIn};

use super::{Job, Runner, blocking};

/// An engine measured end to end through [`FanOutFanIn::run`].
pub struct EngineRow<E>(E);

impl<E: FanOutFanIn> Runner for EngineRow<E> {
    const NAME: &'static str = E::NAME;

    fn build(config: &FanConfig) -> Self {
        EngineRow(E::new(config.clone()))
    }

    fn drive<I, T, R, J>(&self, items: I, job: J, sink: impl FnMut(R))
    where
        I: Iterator<Item = T> + Send + 'static,
        T: Send + 'static,
        R: Send + 'static,
        J: Job<T, R>,
    {
        let work = blocking(job);
        self.0.run(items, work).for_each(sink);
    }

    fn first_result<I, T, R, J>(&self, items: I, job: J) -> Option<R>
    where
        I: Iterator<Item = T> + Send + 'static,
        T: Send + 'static,
        R: Send + 'static,
        J: Job<T, R>,
    {
        let work = blocking(job);
        self.0.run(items, work).next()
    }
}

/// An engine measured end to end through [`FanOutFanIn::run_in`], each run in a
/// `std::thread::scope` of its own: what a scoped run costs against [`EngineRow`].
pub struct ScopedEngineRow<E>(E);

impl<E: FanOutFanIn> Runner for ScopedEngineRow<E> {
    const NAME: &'static str = E::NAME;

    fn build(config: &FanConfig) -> Self {
        ScopedEngineRow(E::new(config.clone()))
    }

    fn drive<I, T, R, J>(&self, items: I, job: J, sink: impl FnMut(R))
    where
        I: Iterator<Item = T> + Send + 'static,
        T: Send + 'static,
        R: Send + 'static,
        J: Job<T, R>,
    {
        let work = blocking(job);
        thread::scope(|scope| self.0.run_in(scope, items, work).for_each(sink));
    }

    fn first_result<I, T, R, J>(&self, items: I, job: J) -> Option<R>
    where
        I: Iterator<Item = T> + Send + 'static,
        T: Send + 'static,
        R: Send + 'static,
        J: Job<T, R>,
    {
        let work = blocking(job);
        thread::scope(|scope| self.0.run_in(scope, items, work).next())
    }
}
