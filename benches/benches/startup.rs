//! `startup`: time to the first result, from a new engine and from a warm one.

use std::time::Duration;

use criterion::{BenchmarkId, Criterion, criterion_group, criterion_main};
use fanout_benches::{checked, config};
use fanout_harness::rows::ENGINE_NAMES;
use fanout_harness::{Trial, Workload, logical_cores};

fn startup(criterion: &mut Criterion) {
    let workers = logical_cores();
    let shape = config(workers, None);

    let mut cold = criterion.benchmark_group("startup/new-engine");
    for &engine in ENGINE_NAMES {
        cold.bench_function(BenchmarkId::new(engine, workers), |bencher| {
            bencher.iter_custom(|runs| {
                (0..runs)
                    .map(|_| first(Trial::cold_first_result(engine, Workload::Noop, &shape)))
                    .sum::<Duration>()
            });
        });
    }
    cold.finish();

    let mut warm = criterion.benchmark_group("startup/warm-engine");
    for &engine in ENGINE_NAMES {
        let mut trial = Trial::new(engine, Workload::Noop, shape.clone()).expect("an engine");
        // One run first, so pools and runtimes have started every thread they keep.
        checked(trial.throughput(1_000), engine, Workload::Noop);
        warm.bench_function(BenchmarkId::new(engine, workers), |bencher| {
            bencher.iter_custom(|runs| {
                (0..runs)
                    .map(|_| first(Ok(trial.warm_first_result())))
                    .sum::<Duration>()
            });
        });
    }
    warm.finish();
}

fn first(outcome: Result<Option<Duration>, fanout_harness::UnknownRow>) -> Duration {
    outcome
        .expect("the engines are rows")
        .expect("engines deliver a first result")
}

criterion_group! {
    name = benches;
    config = fanout_benches::criterion();
    targets = startup
}
criterion_main!(benches);
