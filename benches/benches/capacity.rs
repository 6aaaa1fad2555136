//! `capacity`: the cost of queue depth, from rendezvous (0) to 1024, at workers = cores,
//! on noop; and rendezvous against the default capacity with real work per item. The
//! seed's Go rows run at each capacity too where `go` is on PATH: Go's unbuffered
//! channels judged in Go.

use criterion::{Criterion, criterion_group, criterion_main};
use fanout_benches::{bench_go_row, bench_row, config, go_program, group, items, rows, scaled};
use fanout_harness::go::{COMPARED_GO_ROWS, GoProgram};
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
    let go = go_program();
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
        go_rows(
            &mut group,
            &name,
            go.as_ref(),
            Workload::Noop,
            capacity,
            items,
        );
        group.finish();
    }
    with_work(criterion, workers, go.as_ref());
}

/// The Go rows of one capacity group, where Go is installed.
fn go_rows(
    group: &mut criterion::BenchmarkGroup<'_, criterion::measurement::WallTime>,
    name: &str,
    go: Option<&GoProgram>,
    workload: Workload,
    capacity: usize,
    items: usize,
) {
    let workers = logical_cores();
    for (program, row) in go
        .into_iter()
        .flat_map(|go| COMPARED_GO_ROWS.map(|row| (go, row)))
    {
        let shape = config(workers, Some(capacity));
        bench_go_row(group, name, program, row, workload, shape, items, workers);
    }
}

/// `capacity/<c>/<workload>`: the engines at capacity 0 and at their default capacity,
/// on each of [`WORKLOADS`]. Engines only, two capacities, two workloads: 28 benchmarks
/// of about a second each in the full pass.
fn with_work(criterion: &mut Criterion, workers: usize, go: Option<&GoProgram>) {
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
            go_rows(&mut group, &name, go, workload, capacity, items);
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
