//! [`EngineRow`] and [`ScopedEngineRow`]: any engine as a row, measured through its
//! public contract, with `run` or with `run_in`.

use std::thread;

use fanout_core::{FanConfig, FanOutFanIn};

use super::{Job, Runner, blocking};

/// An engine measured end to end through [`FanOutFanIn::run`], or, with `SCOPED`, through
/// [`FanOutFanIn::run_in`] with each run in a `std::thread::scope` of its own.
pub struct EngineRow<E, const SCOPED: bool = false>(E);

/// An engine measured through `run_in`: what a scoped run costs against [`EngineRow`].
pub type ScopedEngineRow<E> = EngineRow<E, true>;

impl<E: FanOutFanIn, const SCOPED: bool> Runner for EngineRow<E, SCOPED> {
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
        if SCOPED {
            thread::scope(|scope| self.0.run_in(scope, items, work).for_each(sink));
        } else {
            self.0.run(items, work).for_each(sink);
        }
    }

    fn first_result<I, T, R, J>(&self, items: I, job: J) -> Option<R>
    where
        I: Iterator<Item = T> + Send + 'static,
        T: Send + 'static,
        R: Send + 'static,
        J: Job<T, R>,
    {
        let work = blocking(job);
        if SCOPED {
            thread::scope(|scope| self.0.run_in(scope, items, work).next())
        } else {
            self.0.run(items, work).next()
        }
    }
}
