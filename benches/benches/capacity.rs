//! `capacity`: the cost of queue depth, from rendezvous (0) to 1024, at workers = cores,
//! on noop; and rendezvous against the default capacity with real work per item.

use criterion::{Criterion, criterion_group, criterion_main};
use fanout_benches::{bench_row, config, group, items, rows, scaled};
use fanout_harness::rows::RowKind;
use fanout_harness::{Workload, logical_cores};
use std::time::Duration;

/// Few items: a rendezvous hand-off between OS threads costs tens of microseconds.
const ITEMS: usize = 5_000;

/// The real work the seed's unbuffered channels are judged on beside noop: CPU work and
/// blocking work, each long enough that a hand-off is a small part of an item.
const WORKLOADS: [Workload; 2] = [
    Workload::Spin(Duration::from_micros(10)),
    Workload::Sleep(Duration::from_micros(100)),
];

fn capacity(criterion: &mut Criterion) {
    let workers = logical_cores();
    let items = scaled(ITEMS);
    for capacity in [0, 1, 16, 1024] {
        let name = format!("capacity/{capacity}");
        let mut group = group(criterion, &name, items);
        for row in rows().filter(|row| row.uses_workers()) {
            let shape = config(workers, Some(capacity));
            bench_row(
                &mut group,
                &name,
                row,
                Workload::Noop,
                shape,
                items,
                workers,
            );
        }
        group.finish();
    }
    with_work(criterion, workers);
}

/// `capacity/<c>/<workload>`: the engines at capacity 0 and at their default capacity,
/// on each of [`WORKLOADS`]. Engines only, two capacities, two workloads: 28 benchmarks
/// of about a second each in the full pass.
fn with_work(criterion: &mut Criterion, workers: usize) {
    let default = config(workers, None).capacity;
    for workload in WORKLOADS {
        let items = items(workload);
        for capacity in [0, default] {
            let name = format!("capacity/{capacity}/{workload}");
            let mut group = group(criterion, &name, items);
            for row in rows().filter(|row| row.kind == RowKind::Engine) {
                let shape = config(workers, Some(capacity));
                bench_row(&mut group, &name, row, workload, shape, items, workers);
            }
            group.finish();
        }
    }
}

criterion_group! {
    name = benches;
    config = fanout_benches::criterion();
    targets = capacity
}
criterion_main!(benches);
