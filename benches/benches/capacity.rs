//! `capacity`: the cost of queue depth, from rendezvous (0) to 1024, at workers = cores.

use criterion::{Criterion, criterion_group, criterion_main};
use fanout_benches::{bench_row, config, group, rows, scaled};
use fanout_harness::{Workload, logical_cores};

/// Few items: a rendezvous hand-off between OS threads costs tens of microseconds.
const ITEMS: usize = 5_000;

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
}

criterion_group! {
    name = benches;
    config = fanout_benches::criterion();
    targets = capacity
}
criterion_main!(benches);
