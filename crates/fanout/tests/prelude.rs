//! Every engine enabled is in the prelude and at the crate root, and runs the same job.

use fanout::prelude::*;

const SQUARES: [u64; 5] = [1, 4, 9, 16, 25];

fn blocking<E: FanOutFanIn>() {
    let engine = E::new(FanConfig::new(3).expect("3 workers"));
    let squares: Vec<u64> = engine.run_ordered(1..=5u64, |_worker, n| n * n).collect();
    assert_eq!(squares, SQUARES, "{}", E::NAME);
}

#[cfg(any(feature = "tokio", feature = "futures"))]
fn asynchronous<E: AsyncFanOutFanIn>() {
    use futures_util::{StreamExt, stream};

    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .build()
        .expect("a runtime");
    let engine = E::new(FanConfig::new(3).expect("3 workers"));
    // `run` is called on the runtime: the tokio engines spawn their tasks on it.
    let squares: Vec<u64> = runtime.block_on(async {
        let work = |_worker, n: u64| async move { n * n };
        engine
            .run_ordered(stream::iter(1..=5u64), work)
            .collect()
            .await
    });
    assert_eq!(squares, SQUARES, "{}", E::NAME);
}

#[test]
fn blocking_engines() {
    #[cfg(feature = "adaptive")]
    blocking::<Adaptive>();
    #[cfg(feature = "crossbeam")]
    blocking::<Crossbeam>();
    #[cfg(feature = "flume")]
    blocking::<Flume>();
    #[cfg(feature = "rayon")]
    blocking::<Rayon>();
    #[cfg(feature = "std")]
    {
        blocking::<StdMpsc>();
        blocking::<SeedLayout>();
    }
    #[cfg(feature = "tokio")]
    blocking::<Tokio>();
}

#[cfg(any(feature = "tokio", feature = "futures"))]
#[test]
fn async_engines() {
    #[cfg(feature = "tokio")]
    {
        asynchronous::<TokioTasks>();
        asynchronous::<JoinSetLimit>();
    }
    #[cfg(feature = "futures")]
    asynchronous::<BufferUnordered>();
}

/// The root names the same types as the engine crates' modules.
#[test]
fn root_and_modules_agree() {
    #[cfg(feature = "adaptive")]
    let _: fanout::adaptive::Adaptive = fanout::Adaptive::new(FanConfig::new(1).unwrap());
    #[cfg(feature = "crossbeam")]
    let _: fanout::crossbeam::Crossbeam = fanout::Crossbeam::new(FanConfig::new(1).unwrap());
    #[cfg(feature = "nats")]
    let _: fn(&str, FanConfig) -> Result<fanout::Nats, fanout::nats::Error> =
        fanout::nats::Nats::connect;
}
