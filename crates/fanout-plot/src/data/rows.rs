//! The harness's row registry as charts and tables need it: order, kind and reference.

use fanout_core::FanOutFanIn;
use fanout_harness::rows::{ENGINE_NAMES, ROWS, RayonParIter, Row, RowKind, Runner, SEQUENTIAL};
use fanout_std::{SeedLayout, StdMpsc};

/// The batch baseline, which collects its input and need not stream.
pub(crate) const RAYON_PAR_ITER: &str = RayonParIter::NAME;
/// The speed-up's baseline.
pub(crate) const SEQUENTIAL_ROW: &str = SEQUENTIAL;
/// The seed's Go design: one result channel and one forwarder per worker.
pub(crate) const SEED_LAYOUT: &str = SeedLayout::NAME;
/// The same primitive with one shared result channel.
pub(crate) const STD_MPSC: &str = StdMpsc::NAME;

/// Where `name` sorts: the registry's order (engines, references, baselines), unknown
/// rows last.
pub(crate) fn order(name: &str) -> usize {
    ROWS.iter()
        .position(|row| row.name == name)
        .unwrap_or(ROWS.len())
}

/// Whether `name` is one of the six engines.
pub(crate) fn is_engine(name: &str) -> bool {
    ENGINE_NAMES.contains(&name)
}

/// The engines, in the registry's order.
pub(crate) fn engines() -> impl Iterator<Item = &'static str> {
    ENGINE_NAMES.into_iter()
}

/// The hand-written loop on `engine`'s primitive.
pub(crate) fn reference_of(engine: &str) -> Option<&'static str> {
    Row::named(engine)?.reference().map(|row| row.name)
}

/// What kind of row `name` is, in a word, for tables.
pub(crate) fn kind_label(name: &str) -> &'static str {
    match Row::named(name).map(|row| row.kind) {
        Some(RowKind::Engine) => "engine",
        Some(RowKind::Reference { .. }) => "reference",
        Some(RowKind::Baseline) => "baseline",
        None => "other",
    }
}

/// The engine whose primitive a reference row uses.
pub(crate) fn primitive_of(name: &str) -> Option<&'static str> {
    match Row::named(name)?.kind {
        RowKind::Reference { of } => Some(of),
        _ => None,
    }
}

/// Sorts row names in the registry's order.
pub(crate) fn sort(names: &mut [&str]) {
    names.sort_by_key(|name| (order(name), *name));
}
