//! `async/<workload>`: threads or async for fan-out. Items per second of every async
//! engine over concurrency 1 to 1024 (the futures in progress at once), beside every
//! blocking engine over worker counts 1 to 256 (threads) running the blocking form of the
//! same work: a blocking sleep for `async-sleep-1ms`, `std::net` sockets for `tcp-echo`.
//! `spin-10us` is CPU work inside async work, and `spawn-blocking-spin-10us` the same work
//! moved off the runtime (async engines only: on threads it is `spin-10us`).
//!
//! Blocking engines stop at 256 workers: each worker is an OS thread, and past 256 a
//! thread pool on this 2-core machine spends its time starting, waking and stopping
//! threads (rayon's pools grow with the square of their threads: `fanout compare` limits
//! them to 512) rather than showing what threads do for I/O.
//!
//! Before the groups, the mean time of one `tokio::time::sleep(1ms)` on the async rows'
//! runtime is measured and written to `target/fanout/async.jsonl`, so that the report can
//! put each async-sleep-1ms figure against its Little's-law ideal, `c / mean`.

use std::time::Duration;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use fanout_benches::{bench_row, config, group, quick, records_dir, scaled};
use fanout_harness::measure::mean_timer_sleep;
use fanout_harness::rows::{RowKind, rows};
use fanout_harness::{Subject, Workload, write_json_lines};

/// Concurrency for async engines: futures in progress at once.
fn async_concurrency() -> Vec<usize> {
    if quick() {
        vec![1, 64, 256, 1024]
    } else {
        vec![1, 4, 16, 64, 256, 1024]
    }
}

/// Worker counts for blocking engines: threads, up to 256 (see the module docs).
fn thread_counts() -> Vec<usize> {
    if quick() {
        vec![1, 64, 256]
    } else {
        vec![1, 4, 16, 64, 256]
    }
}

/// Items per run: the workload's default (a fifth in the quick pass), and at least eight
/// per worker even in the quick pass, so that the run reaches its full concurrency and
/// stays there for most of its length (with two per worker, the quick pass's async-sleep
/// at 1024 measured mostly the ramp up and down).
fn items_for(workload: Workload, concurrency: usize) -> usize {
    scaled(workload.default_items()).max(8 * concurrency)
}

/// The timer sleep whose mean time the Little's-law ideal divides by.
const SLEEP: Duration = Duration::from_millis(1);

/// Writes the mean time of one timer sleep, measured now, beside this run's figures.
fn record_timer_sleep() {
    let sleeps = if quick() { 100 } else { 1_000 };
    let mean = mean_timer_sleep(SLEEP, sleeps);
    println!(
        "async: one tokio::time::sleep({SLEEP:?}) takes {:.3} ms on average ({sleeps} sleeps); \
         Little's law: c in progress complete at most c / that per second",
        mean.as_secs_f64() * 1e3
    );
    let subject = Subject {
        engine: "tokio-timer".to_owned(),
        workload: Workload::AsyncSleep(SLEEP).to_string(),
        workers: 1,
        capacity: 0,
        payload: 0,
        items: sleeps,
    };
    let record = subject.record("mean_sleep", mean.as_nanos() as f64, "ns");
    let path = records_dir().join("async.jsonl");
    write_json_lines(&path, &[record])
        .unwrap_or_else(|error| panic!("could not write {}: {error}", path.display()));
}

fn async_work(criterion: &mut Criterion) {
    // `selected` matches a filter inside the name given: give the group's full name.
    if fanout_benches::selected(&format!("async/{}", Workload::AsyncSleep(SLEEP))) {
        record_timer_sleep();
    }
    for workload in Workload::ASYNC_SET {
        let on_threads_too = !matches!(workload, Workload::SpawnBlockingSpin(_));
        let name = format!("async/{workload}");
        // Criterion counts one throughput per group: the items of the widest run.
        let mut group = group(criterion, &name, items_for(workload, 1));
        for row in rows().filter(|row| row.kind == RowKind::Engine) {
            let counts = if row.is_async() {
                async_concurrency()
            } else if on_threads_too {
                thread_counts()
            } else {
                continue;
            };
            for concurrency in counts {
                let items = items_for(workload, concurrency);
                group.throughput(Throughput::Elements(items as u64));
                let shape = config(concurrency, None);
                bench_row(&mut group, &name, row, workload, shape, items, concurrency);
            }
        }
        group.finish();
    }
}

criterion_group! {
    name = benches;
    config = fanout_benches::criterion();
    targets = async_work
}
criterion_main!(benches);
