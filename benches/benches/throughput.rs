//! `throughput/<workload>`: items per second of every row, over worker counts.

use criterion::{Criterion, criterion_group, criterion_main};
use fanout_benches::{bench_row, config, group, items, rows, worker_counts};
use fanout_harness::Workload;

fn throughput(criterion: &mut Criterion) {
    for workload in Workload::THROUGHPUT_SET {
        // Blocking sleeps scale past the cores, so their sweep goes further.
        let most_workers = if matches!(workload, Workload::Sleep(_)) {
            64
        } else {
            16
        };
        let items = items(workload);
        let name = format!("throughput/{workload}");
        let mut group = group(criterion, &name, items);
        for row in rows() {
            let counts = if row.uses_workers() {
                worker_counts(most_workers)
            } else {
                vec![1]
            };
            for workers in counts {
                bench_row(
                    &mut group,
                    &name,
                    row,
                    workload,
                    config(workers, None),
                    items,
                    workers,
                );
            }
        }
        group.finish();
    }
}

criterion_group! {
    name = benches;
    config = fanout_benches::criterion();
    targets = throughput
}
criterion_main!(benches);
