//! The engines the command can run, chosen by name at run time.

use fanout_core::FanOutFanIn;
use fanout_crossbeam::Crossbeam;
use fanout_flume::Flume;
use fanout_rayon::Rayon;
use fanout_std::{SeedLayout, StdMpsc};
use fanout_tokio::Tokio;

/// Every engine's `NAME`, in the order the command lists and runs them.
pub(crate) const ENGINE_NAMES: [&str; 6] = [
    StdMpsc::NAME,
    SeedLayout::NAME,
    Crossbeam::NAME,
    Flume::NAME,
    Tokio::NAME,
    Rayon::NAME,
];

/// Something to do with one engine type, once the name has picked the type.
pub(crate) trait EngineJob {
    /// What the job returns.
    type Output;

    /// Does the job with engine type `E`.
    fn run<E: FanOutFanIn + 'static>(self) -> Self::Output;
}

/// Runs `job` with the engine named `name`; `None` if no engine has that name.
pub(crate) fn with_engine<J: EngineJob>(name: &str, job: J) -> Option<J::Output> {
    let output = match name {
        StdMpsc::NAME => job.run::<StdMpsc>(),
        SeedLayout::NAME => job.run::<SeedLayout>(),
        Crossbeam::NAME => job.run::<Crossbeam>(),
        Flume::NAME => job.run::<Flume>(),
        Tokio::NAME => job.run::<Tokio>(),
        Rayon::NAME => job.run::<Rayon>(),
        _ => return None,
    };
    Some(output)
}

#[cfg(test)]
mod tests {
    use super::*;

    struct Name;

    impl EngineJob for Name {
        type Output = &'static str;

        fn run<E: FanOutFanIn + 'static>(self) -> &'static str {
            E::NAME
        }
    }

    #[test]
    fn every_listed_name_selects_the_engine_of_that_name() {
        for name in ENGINE_NAMES {
            assert_eq!(with_engine(name, Name), Some(name));
        }
        assert_eq!(with_engine("crossbeam-channel", Name), None);
    }
}
