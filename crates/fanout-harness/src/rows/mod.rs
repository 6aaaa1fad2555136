//! The rows of every comparison: the six engines, a hand-written `reference` fan-out on
//! each primitive, and two baselines, `sequential` and `rayon-par-iter`.

mod baselines;
mod engine;
mod reference;

use fanout_core::{FanConfig, FanOutFanIn, Work};
use fanout_crossbeam::Crossbeam;
use fanout_flume::Flume;
use fanout_rayon::Rayon;
use fanout_std::{SeedLayout, StdMpsc};
use fanout_tokio::Tokio;

pub use baselines::{RayonParIter, Sequential};
pub use engine::EngineRow;
pub use reference::{
    CrossbeamReference, FlumeReference, RayonReference, StdReference, TokioReference,
};

/// Something measured: an engine, a reference loop or a baseline, all driven the same way.
pub trait Runner: Send + Sync + Sized {
    /// The row's name in tables, bench ids and charts.
    const NAME: &'static str;

    /// The row with this shape; pools and runtimes start here, outside any timing.
    fn build(config: &FanConfig) -> Self;

    /// Runs `work` over `items` and hands every result to `sink`, on this thread.
    fn drive<I, T, R, F>(&self, items: I, work: F, sink: impl FnMut(R))
    where
        I: Iterator<Item = T> + Send + 'static,
        T: Send + 'static,
        R: Send + 'static,
        F: Work<T, R>;

    /// Starts a run over `items` and returns its first result, then drops the run; only
    /// engines can stop a run early, so other rows return `None`.
    fn first_result<I, T, R, F>(&self, _items: I, _work: F) -> Option<R>
    where
        I: Iterator<Item = T> + Send + 'static,
        T: Send + 'static,
        R: Send + 'static,
        F: Work<T, R>,
    {
        None
    }
}

/// What a row is, for grouping in tables and charts.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RowKind {
    /// One of the six engines.
    Engine,
    /// The shortest correct hand-written fan-out/fan-in on the primitive named.
    Reference {
        /// The engine whose primitive this loop uses.
        of: &'static str,
    },
    /// `sequential` or `rayon-par-iter`.
    Baseline,
}

/// One row of the registry.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Row {
    /// The name, as [`Runner::NAME`].
    pub name: &'static str,
    /// What kind of row it is.
    pub kind: RowKind,
}

/// The name of the baseline every speed-up is measured against.
pub const SEQUENTIAL: &str = Sequential::NAME;

/// Every row, engines first, then references, then baselines.
pub const ROWS: [Row; 13] = [
    engine_row(StdMpsc::NAME),
    engine_row(SeedLayout::NAME),
    engine_row(Crossbeam::NAME),
    engine_row(Flume::NAME),
    engine_row(Tokio::NAME),
    engine_row(Rayon::NAME),
    reference_row(StdReference::NAME, StdMpsc::NAME),
    reference_row(CrossbeamReference::NAME, Crossbeam::NAME),
    reference_row(FlumeReference::NAME, Flume::NAME),
    reference_row(TokioReference::NAME, Tokio::NAME),
    reference_row(RayonReference::NAME, Rayon::NAME),
    Row {
        name: Sequential::NAME,
        kind: RowKind::Baseline,
    },
    Row {
        name: RayonParIter::NAME,
        kind: RowKind::Baseline,
    },
];

const fn engine_row(name: &'static str) -> Row {
    Row {
        name,
        kind: RowKind::Engine,
    }
}

const fn reference_row(name: &'static str, of: &'static str) -> Row {
    Row {
        name,
        kind: RowKind::Reference { of },
    }
}

impl Row {
    /// The row named `name`, if there is one.
    pub fn named(name: &str) -> Option<Row> {
        ROWS.into_iter().find(|row| row.name == name)
    }

    /// The reference row for this engine's primitive (`seed-layout` is on std's).
    pub fn reference(self) -> Option<Row> {
        let primitive = if self.name == SeedLayout::NAME {
            StdMpsc::NAME
        } else {
            self.name
        };
        ROWS.into_iter()
            .find(|row| row.kind == RowKind::Reference { of: primitive })
    }

    /// Whether the row's result depends on the number of workers (not `sequential`).
    pub fn uses_workers(self) -> bool {
        self.name != Sequential::NAME
    }
}

/// Code to run with an engine type, once its name has picked it.
pub trait EngineVisitor {
    /// What the visit returns.
    type Output;

    /// Runs with engine type `E`.
    fn visit<E: FanOutFanIn + 'static>(self) -> Self::Output;
}

/// Every engine's name, in the order tables list them.
pub const ENGINE_NAMES: [&str; 6] = [
    StdMpsc::NAME,
    SeedLayout::NAME,
    Crossbeam::NAME,
    Flume::NAME,
    Tokio::NAME,
    Rayon::NAME,
];

/// Runs `visitor` with the engine named `name`; `None` if no engine has that name.
pub fn visit_engine<V: EngineVisitor>(name: &str, visitor: V) -> Option<V::Output> {
    let output = match name {
        StdMpsc::NAME => visitor.visit::<StdMpsc>(),
        SeedLayout::NAME => visitor.visit::<SeedLayout>(),
        Crossbeam::NAME => visitor.visit::<Crossbeam>(),
        Flume::NAME => visitor.visit::<Flume>(),
        Tokio::NAME => visitor.visit::<Tokio>(),
        Rayon::NAME => visitor.visit::<Rayon>(),
        _ => return None,
    };
    Some(output)
}

/// Code to run with a row's [`Runner`] type, once the name has picked it.
pub(crate) trait RowVisitor {
    type Output;
    fn visit<X: Runner + 'static>(self) -> Self::Output;
}

/// An engine visit that goes on as a row visit of [`EngineRow`].
struct AsRow<V>(V);

impl<V: RowVisitor> EngineVisitor for AsRow<V> {
    type Output = V::Output;

    fn visit<E: FanOutFanIn + 'static>(self) -> V::Output {
        self.0.visit::<EngineRow<E>>()
    }
}

/// Runs `visitor` with the row named `name`; `None` if there is no such row.
pub(crate) fn visit_row<V: RowVisitor>(name: &str, visitor: V) -> Option<V::Output> {
    if ENGINE_NAMES.contains(&name) {
        return visit_engine(name, AsRow(visitor));
    }
    let output = match name {
        StdReference::NAME => visitor.visit::<StdReference>(),
        CrossbeamReference::NAME => visitor.visit::<CrossbeamReference>(),
        FlumeReference::NAME => visitor.visit::<FlumeReference>(),
        TokioReference::NAME => visitor.visit::<TokioReference>(),
        RayonReference::NAME => visitor.visit::<RayonReference>(),
        Sequential::NAME => visitor.visit::<Sequential>(),
        RayonParIter::NAME => visitor.visit::<RayonParIter>(),
        _ => return None,
    };
    Some(output)
}

/// The names of every row, for error messages: `std-mpsc, seed-layout, ...`.
pub fn row_names() -> String {
    ROWS.map(|row| row.name).join(", ")
}

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
        for row in ROWS {
            assert_eq!(visit_row(row.name, Name), Some(row.name));
            assert_eq!(Row::named(row.name), Some(row));
        }
        assert_eq!(visit_row("go", Name), None);
    }

    #[test]
    fn every_engine_has_a_reference_on_its_primitive() {
        for row in ROWS.into_iter().filter(|row| row.kind == RowKind::Engine) {
            let reference = row.reference().expect("a reference row");
            assert!(matches!(reference.kind, RowKind::Reference { .. }));
        }
        assert_eq!(
            Row::named("seed-layout").unwrap().reference().unwrap().name,
            "std-mpsc-reference"
        );
    }
}
