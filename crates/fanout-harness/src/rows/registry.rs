//! [`registry!`]: the one list of rows, from which the row table, the names the CLI
//! accepts, the bench rows, the charts' order and the dispatch from a name to a type all
//! follow.

/// Defines [`ROWS`](super::ROWS), [`ENGINE_NAMES`](super::ENGINE_NAMES),
/// [`visit_engine`](super::visit_engine) and `visit_row` from one list of engine types
/// (each with the reference row on its primitive, if it has one), reference rows and
/// baselines. The compiler checks every entry: each must implement `FanOutFanIn` or
/// `Runner`.
macro_rules! registry {
    (
        engines: [$($engine:ty $(=> $reference:ty)?),* $(,)?],
        references: [$($reference_row:ty),* $(,)?],
        baselines: [$($baseline:ty),* $(,)?] $(,)?
    ) => {
        /// Every row, engines first, then references, then baselines: the order tables and
        /// charts list them in.
        pub const ROWS: &[Row] = &[
            $(Row {
                name: <$engine as FanOutFanIn>::NAME,
                kind: RowKind::Engine,
                reference: registry!(@reference $($reference)?),
            },)*
            $(Row {
                name: <$reference_row as Runner>::NAME,
                kind: RowKind::Reference,
                reference: None,
            },)*
            $(Row {
                name: <$baseline as Runner>::NAME,
                kind: RowKind::Baseline,
                reference: None,
            },)*
        ];

        /// Every engine's name, in the order tables list them.
        pub const ENGINE_NAMES: &[&str] = &[$(<$engine as FanOutFanIn>::NAME),*];

        /// Runs `visitor` with the engine named `name`; `None` if no engine has that name.
        pub fn visit_engine<V: EngineVisitor>(name: &str, visitor: V) -> Option<V::Output> {
            $(if name == <$engine as FanOutFanIn>::NAME {
                return Some(visitor.visit::<$engine>());
            })*
            None
        }

        /// Runs `visitor` with the row named `name`; `None` if there is no such row.
        pub(crate) fn visit_row<V: RowVisitor>(name: &str, visitor: V) -> Option<V::Output> {
            $(if name == <$engine as FanOutFanIn>::NAME {
                return Some(visitor.visit::<EngineRow<$engine>>());
            })*
            $(if name == <$reference_row as Runner>::NAME {
                return Some(visitor.visit::<$reference_row>());
            })*
            $(if name == <$baseline as Runner>::NAME {
                return Some(visitor.visit::<$baseline>());
            })*
            None
        }

        /// The full type name of every engine, for the test that finds each engine crate
        /// in the registry.
        #[cfg(test)]
        pub(crate) fn engine_type_names() -> Vec<&'static str> {
            vec![$(std::any::type_name::<$engine>()),*]
        }
    };
    (@reference $reference:ty) => { Some(<$reference as Runner>::NAME) };
    (@reference) => { None };
}

pub(crate) use registry;
