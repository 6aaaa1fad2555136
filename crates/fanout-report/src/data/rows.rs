//! The harness's row registry as charts and tables need it: order, kind and reference.

use fanout_harness::rows::{ASYNC_ENGINE_NAMES, ENGINE_NAMES, ROWS, Row, RowKind, rows};

pub(crate) use fanout_harness::rows::{
    RAYON_PAR_ITER, SEED_LAYOUT, SEQUENTIAL as SEQUENTIAL_ROW, STATIC_SPLIT, STD_MPSC,
};

/// Where `name` sorts: the registry's order (engines, references, baselines), unknown
/// rows last.
pub(crate) fn order(name: &str) -> usize {
    ROWS.iter()
        .position(|row| row.name == name)
        .unwrap_or(ROWS.len())
}

/// Whether `name` is one of the engines.
pub(crate) fn is_engine(name: &str) -> bool {
    ENGINE_NAMES.contains(&name)
}

/// The engines, in the registry's order.
pub(crate) fn engines() -> impl Iterator<Item = &'static str> {
    ENGINE_NAMES.iter().copied()
}

/// Whether `name` is one of the async engines (futures on one runtime, not threads).
pub(crate) fn is_async_engine(name: &str) -> bool {
    ASYNC_ENGINE_NAMES.contains(&name)
}

/// The async engines, in the registry's order.
pub(crate) fn async_engines() -> impl Iterator<Item = &'static str> {
    ASYNC_ENGINE_NAMES.iter().copied()
}

/// Whether `name` runs async work: an async engine or its reference.
pub(crate) fn is_async(name: &str) -> bool {
    Row::named(name).is_some_and(Row::is_async)
}

/// The hand-written loop on `engine`'s primitive.
pub(crate) fn reference_of(engine: &str) -> Option<&'static str> {
    Row::named(engine)?.reference().map(|row| row.name)
}

/// What kind of row `name` is, in a word, for tables.
pub(crate) fn kind_label(name: &str) -> &'static str {
    if fanout_harness::go::is_go_row(name) {
        return "Go";
    }
    match Row::named(name).map(|row| row.kind) {
        Some(RowKind::Engine) => "engine",
        Some(RowKind::Reference) => "reference",
        Some(RowKind::Baseline) => "baseline",
        None => "other",
    }
}

/// The engine whose primitive a reference row uses.
pub(crate) fn primitive_of(name: &str) -> Option<&'static str> {
    let row = rows().find(|row| row.name == name && row.kind == RowKind::Reference)?;
    row.primitive().map(|engine| engine.name)
}

/// Sorts row names in the registry's order.
pub(crate) fn sort(names: &mut [&str]) {
    names.sort_by_key(|name| (order(name), *name));
}
