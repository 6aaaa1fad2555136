//! The rows of every comparison: the engines, a hand-written `reference` fan-out on each
//! primitive, and the baselines `sequential`, `rayon-par-iter` and `static-split`; the
//! async engines, each with the reference its users would write by hand.

mod async_engine;
mod async_reference;
mod baselines;
mod engine;
mod job;
mod reference;
mod registry;
mod static_split;

use fanout_core::{AsyncFanOutFanIn, FanConfig, FanOutFanIn};
use fanout_std::{SeedLayout, StdMpsc};

pub use async_engine::AsyncEngineRow;
pub(crate) use async_engine::async_runtime;
pub use async_reference::{BufferUnorderedReference, JoinSetReference, TokioTasksReference};
pub use baselines::{RayonParIter, Sequential};
pub use engine::{EngineRow, ScopedEngineRow};
pub use job::Job;
pub(crate) use job::blocking;
pub use reference::{
    CrossbeamReference, FlumeReference, RayonReference, StdReference, TokioReference,
};
pub use static_split::StaticSplit;

use registry::registry;

// The one list of rows. Adding an engine is its crate plus one line here: `Type` or
// `Type => ItsReference`, under `engines` for blocking work (`FanOutFanIn`), under
// `async_engines` for async work (`AsyncFanOutFanIn`).
registry! {
    engines: [
        StdMpsc => StdReference,
        SeedLayout => StdReference,
        fanout_crossbeam::Crossbeam => CrossbeamReference,
        fanout_flume::Flume => FlumeReference,
        fanout_tokio::Tokio => TokioReference,
        fanout_rayon::Rayon => RayonReference,
        fanout_adaptive::Adaptive,
    ],
    async_engines: [
        fanout_tokio::TokioTasks => TokioTasksReference,
        fanout_tokio::JoinSetLimit => JoinSetReference,
        fanout_futures::BufferUnordered => BufferUnorderedReference,
    ],
    references: [StdReference, CrossbeamReference, FlumeReference, TokioReference, RayonReference],
    async_references: [TokioTasksReference, JoinSetReference, BufferUnorderedReference],
    baselines: [Sequential, RayonParIter, StaticSplit],
}

/// Something measured: an engine, a reference loop or a baseline, all driven the same way.
pub trait Runner: Send + Sync + Sized {
    /// The row's name in tables, bench ids and charts.
    const NAME: &'static str;

    /// The row with this shape; pools and runtimes start here, outside any timing.
    fn build(config: &FanConfig) -> Self;

    /// Runs `job` over `items` and hands every result to `sink`, on this thread: blocking
    /// rows call the job's blocking form, async rows await its async form on their runtime.
    fn drive<I, T, R, J>(&self, items: I, job: J, sink: impl FnMut(R))
    where
        I: Iterator<Item = T> + Send + 'static,
        T: Send + 'static,
        R: Send + 'static,
        J: Job<T, R>;

    /// Starts a run over `items` and returns its first result, then drops the run; only
    /// engines can stop a run early, so other rows return `None`.
    fn first_result<I, T, R, J>(&self, _items: I, _job: J) -> Option<R>
    where
        I: Iterator<Item = T> + Send + 'static,
        T: Send + 'static,
        R: Send + 'static,
        J: Job<T, R>,
    {
        None
    }
}

/// What a row is, for grouping in tables and charts.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RowKind {
    /// An engine: an implementation of the contract.
    Engine,
    /// The shortest correct hand-written fan-out/fan-in on one engine's primitive.
    Reference,
    /// `sequential`, `rayon-par-iter` or `static-split`.
    Baseline,
}

/// One row of the registry.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Row {
    /// The name, as [`Runner::NAME`], [`FanOutFanIn::NAME`] or [`AsyncFanOutFanIn::NAME`].
    pub name: &'static str,
    /// What kind of row it is.
    pub kind: RowKind,
    /// Whether it runs async work: an async engine or its reference.
    asynchronous: bool,
    /// For an engine, the reference row on its primitive, if it has one.
    reference: Option<&'static str>,
}

/// The baseline every speed-up is measured against.
pub const SEQUENTIAL: &str = Sequential::NAME;
/// The batch baseline, which collects its input and need not stream.
pub const RAYON_PAR_ITER: &str = RayonParIter::NAME;
/// The baseline with no load balancing: items dealt to the workers in advance.
pub const STATIC_SPLIT: &str = StaticSplit::NAME;
/// The seed's Go design, one result channel and one forwarder per worker, whose claim
/// is judged against [`STD_MPSC`]: the same primitive with one shared result channel.
pub const SEED_LAYOUT: &str = SeedLayout::NAME;
/// See [`SEED_LAYOUT`].
pub const STD_MPSC: &str = StdMpsc::NAME;

/// Every row of the registry, in its order.
pub fn rows() -> impl Iterator<Item = Row> {
    ROWS.iter().copied()
}

impl Row {
    /// The row named `name`, if there is one.
    pub fn named(name: &str) -> Option<Row> {
        rows().find(|row| row.name == name)
    }

    /// The reference row on this engine's primitive (`seed-layout`'s is std's).
    pub fn reference(self) -> Option<Row> {
        Row::named(self.reference?)
    }

    /// For a reference row, the first engine on its primitive.
    pub fn primitive(self) -> Option<Row> {
        rows().find(|row| row.reference == Some(self.name))
    }

    /// Whether the row's result depends on the number of workers (not `sequential`).
    pub fn uses_workers(self) -> bool {
        self.name != SEQUENTIAL
    }

    /// Whether the row runs async work (an async engine or its reference): its `workers`
    /// are futures in progress on one runtime, not threads.
    pub fn is_async(self) -> bool {
        self.asynchronous
    }
}

/// Code to run with an engine type, once its name has picked it.
pub trait EngineVisitor {
    /// What the visit returns.
    type Output;

    /// Runs with engine type `E`.
    fn visit<E: FanOutFanIn + 'static>(self) -> Self::Output;
}

/// Code to run with an async engine type, once its name has picked it.
pub trait AsyncEngineVisitor {
    /// What the visit returns.
    type Output;

    /// Runs with async engine type `E`.
    fn visit<E: AsyncFanOutFanIn + 'static>(self) -> Self::Output;
}

/// Code to run with a row's [`Runner`] type, once the name has picked it.
pub(crate) trait RowVisitor {
    type Output;
    fn visit<X: Runner + 'static>(self) -> Self::Output;
}

/// The names of every row, for error messages: `std-mpsc, seed-layout, ...`.
pub fn row_names() -> String {
    rows().map(|row| row.name).collect::<Vec<_>>().join(", ")
}

#[cfg(test)]
mod concurrency_tests;

#[cfg(test)]
mod tests {
    use super::*;

    struct Name;

    impl RowVisitor for Name {
        type Output = &'static str;
        fn visit<X: Runner + 'static>(self) -> &'static str {
            X::NAME
        }
    }

    #[test]
    fn every_row_is_reachable_by_its_name() {
        for row in rows() {
            assert_eq!(visit_row(row.name, Name), Some(row.name));
            assert_eq!(Row::named(row.name), Some(row));
        }
        assert_eq!(visit_row("go", Name), None);
    }

    #[test]
    fn references_and_engines_point_at_each_other() {
        for row in rows() {
            match row.kind {
                RowKind::Engine => {
                    if let Some(reference) = row.reference() {
                        assert_eq!(reference.kind, RowKind::Reference, "{row:?}");
                    }
                }
                RowKind::Reference => assert!(row.primitive().is_some(), "{row:?}"),
                RowKind::Baseline => assert_eq!(row.reference(), None),
            }
        }
        assert_eq!(
            Row::named("seed-layout").unwrap().reference().unwrap().name,
            "std-mpsc-reference"
        );
        assert_eq!(
            Row::named("std-mpsc-reference")
                .unwrap()
                .primitive()
                .unwrap()
                .name,
            "std-mpsc"
        );
    }

    /// An engine crate is one whose tests run a conformance suite: every crate in
    /// `crates/` that runs the blocking suite must have a blocking engine in the registry,
    /// and every crate that runs the async suite an async engine.
    #[test]
    fn every_engine_crate_is_in_the_registry() {
        let crates = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
        let suites = [
            (
                "fanout_conformance::conformance_tests!(",
                engine_type_names(),
            ),
            (
                "fanout_conformance::async_conformance_tests!(",
                async_engine_type_names(),
            ),
        ];
        let mut engine_crates = [0; 2];
        for entry in std::fs::read_dir(&crates).expect("crates/ is readable") {
            let folder = entry.expect("a crates/ entry").path();
            let name = folder.file_name().unwrap().to_string_lossy().into_owned();
            let path = format!("{}::", name.replace('-', "_"));
            for ((suite, registered), count) in suites.iter().zip(&mut engine_crates) {
                if !runs_the_suite(&folder, suite) {
                    continue;
                }
                *count += 1;
                assert!(
                    registered.iter().any(|engine| engine.contains(&path)),
                    "crates/{name} runs `{suite}` but no engine of it is in the registry \
                     (fanout-harness/src/rows/mod.rs): add its line there; registered: \
                     {registered:?}"
                );
            }
        }
        assert!(
            engine_crates[0] >= 5 && engine_crates[1] >= 2,
            "found only {engine_crates:?} engine crates (blocking, async)"
        );
    }

    /// Whether a test of the crate in `folder` expands `suite`, a conformance macro.
    fn runs_the_suite(folder: &std::path::Path, suite: &str) -> bool {
        let Ok(tests) = std::fs::read_dir(folder.join("tests")) else {
            return false;
        };
        tests
            .flatten()
            .any(|test| std::fs::read_to_string(test.path()).is_ok_and(|text| text.contains(suite)))
    }
}
