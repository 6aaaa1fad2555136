//! [`registry!`]: the one list of rows, from which the row table, the names the CLI
//! accepts, the bench rows, the charts' order and the dispatch from a name to a type all
//! follow.

/// Defines [`ROWS`](super::ROWS), [`ENGINE_NAMES`](super::ENGINE_NAMES),
/// [`ASYNC_ENGINE_NAMES`](super::ASYNC_ENGINE_NAMES), [`visit_engine`](super::visit_engine),
/// [`visit_async_engine`](super::visit_async_engine) and `visit_row` from one list of
/// engine types, blocking and async (each with the reference row on its primitive, if it
/// has one), reference rows and baselines. The compiler checks every entry: each must
/// implement `FanOutFanIn`, `AsyncFanOutFanIn` or `Runner`.
macro_rules! registry {
    (
        engines: [$($engine:ty $(=> $reference:ty)?),* $(,)?],
        async_engines: [$($async_engine:ty $(=> $async_reference:ty)?),* $(,)?],
        references: [$($reference_row:ty),* $(,)?],
        async_references: [$($async_reference_row:ty),* $(,)?],
        baselines: [$($baseline:ty),* $(,)?] $(,)?
    ) => {
        /// Every row, engines first (blocking, then async), then references (likewise),
        /// then baselines: the order tables and charts list them in.
        pub const ROWS: &[Row] = &[
            $(Row {
                name: <$engine as FanOutFanIn>::NAME,
                kind: RowKind::Engine,
                asynchronous: false,
                reference: registry!(@reference $($reference)?),
            },)*
            $(Row {
                name: <$async_engine as AsyncFanOutFanIn>::NAME,
                kind: RowKind::Engine,
                asynchronous: true,
                reference: registry!(@reference $($async_reference)?),
            },)*
            $(Row {
                name: <$reference_row as Runner>::NAME,
                kind: RowKind::Reference,
                asynchronous: false,
                reference: None,
            },)*
            $(Row {
                name: <$async_reference_row as Runner>::NAME,
                kind: RowKind::Reference,
                asynchronous: true,
                reference: None,
            },)*
            $(Row {
                name: <$baseline as Runner>::NAME,
                kind: RowKind::Baseline,
                asynchronous: false,
                reference: None,
            },)*
        ];

        /// Every blocking engine's name, in the order tables list them.
        pub const ENGINE_NAMES: &[&str] = &[$(<$engine as FanOutFanIn>::NAME),*];

        /// Every async engine's name, in the order tables list them.
        pub const ASYNC_ENGINE_NAMES: &[&str] = &[$(<$async_engine as AsyncFanOutFanIn>::NAME),*];

        /// Runs `visitor` with the blocking engine named `name`; `None` if no blocking
        /// engine has that name.
        pub fn visit_engine<V: EngineVisitor>(name: &str, visitor: V) -> Option<V::Output> {
            $(if name == <$engine as FanOutFanIn>::NAME {
                return Some(visitor.visit::<$engine>());
            })*
            None
        }

        /// Runs `visitor` with the async engine named `name`; `None` if no async engine
        /// has that name.
        pub fn visit_async_engine<V: AsyncEngineVisitor>(
            name: &str,
            visitor: V,
        ) -> Option<V::Output> {
            $(if name == <$async_engine as AsyncFanOutFanIn>::NAME {
                return Some(visitor.visit::<$async_engine>());
            })*
            None
        }

        /// Runs `visitor` with the row named `name`; `None` if there is no such row.
        pub(crate) fn visit_row<V: RowVisitor>(name: &str, visitor: V) -> Option<V::Output> {
            $(if name == <$engine as FanOutFanIn>::NAME {
                return Some(visitor.visit::<EngineRow<$engine>>());
            })*
            $(if name == <$async_engine as AsyncFanOutFanIn>::NAME {
                return Some(visitor.visit::<AsyncEngineRow<$async_engine>>());
            })*
            $(if name == <$reference_row as Runner>::NAME {
                return Some(visitor.visit::<$reference_row>());
            })*
            $(if name == <$async_reference_row as Runner>::NAME {
                return Some(visitor.visit::<$async_reference_row>());
            })*
            $(if name == <$baseline as Runner>::NAME {
                return Some(visitor.visit::<$baseline>());
            })*
            None
        }

        /// The full type name of every blocking engine, for the test that finds each
        /// engine crate in the registry.
        #[cfg(test)]
        pub(crate) fn engine_type_names() -> Vec<&'static str> {
            vec![$(std::any::type_name::<$engine>()),*]
        }

        /// The full type name of every async engine, likewise.
        #[cfg(test)]
        pub(crate) fn async_engine_type_names() -> Vec<&'static str> {
            vec![$(std::any::type_name::<$async_engine>()),*]
        }
    };
    (@reference $reference:ty) => { Some(<$reference as Runner>::NAME) };
    (@reference) => { None };
}

pub(crate) use registry;
