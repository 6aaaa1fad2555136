//! `payload`: the cost of moving bigger items, 8 B to 16 KiB, at workers = cores.

use criterion::{Criterion, criterion_group, criterion_main};
use fanout_benches::{bench_row, config, group, items, rows};
use fanout_harness::{PayloadSize, Workload, logical_cores};

fn payload(criterion: &mut Criterion) {
    let workers = logical_cores();
    for size in PayloadSize::ALL {
        let workload = Workload::Payload(size);
        let items = items(workload);
        let name = format!("payload/{workload}");
        let mut group = group(criterion, &name, items);
        for row in rows() {
            let workers = if row.uses_workers() { workers } else { 1 };
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
        group.finish();
    }
}

criterion_group! {
    name = benches;
    config = fanout_benches::criterion();
    targets = payload
}
criterion_main!(benches);
