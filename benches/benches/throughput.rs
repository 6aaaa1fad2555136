//! `throughput/<workload>`: items per second of every row, over worker counts; and the
//! load-balancing workloads over the rows their question needs. The seed's Go program
//! runs beside the Rust rows (`go-seed`, `go-pool`; `go-static-split` on the balance
//! workloads) where `go` is on PATH, on its unbuffered channels.

use criterion::{Criterion, criterion_group, criterion_main};
use fanout_benches::{
    bench_go_row, bench_row, config, go_program, group, items, rows, worker_counts,
};
use fanout_harness::Workload;
use fanout_harness::go::{COMPARED_GO_ROWS, GO_ROWS, GoProgram, GoRow, SEED_CAPACITY};
use fanout_harness::rows::{Row, RowKind, SEQUENTIAL, STATIC_SPLIT};

fn throughput(criterion: &mut Criterion) {
    let go = go_program();
    let go = go.as_ref();
    for workload in Workload::THROUGHPUT_SET {
        sweep(
            criterion,
            workload,
            |_| true,
            go.map(|go| (go, &COMPARED_GO_ROWS[..])),
        );
    }
    // Whether a shared queue beats a static split needs only the engines, the split and
    // `sequential`: leaving out the reference loops and `rayon-par-iter` keeps this
    // group to about 46 benchmarks (under a minute) in the full pass. The Go rows bring
    // their own static split, so that the claim is judged within each language.
    for workload in Workload::BALANCE_SET {
        sweep(
            criterion,
            workload,
            |row| row.kind == RowKind::Engine || [STATIC_SPLIT, SEQUENTIAL].contains(&row.name),
            go.map(|go| (go, &GO_ROWS[..])),
        );
    }
}

/// `throughput/<workload>`: the rows `keep` picks, then the Go rows given, each over the
/// worker counts.
fn sweep(
    criterion: &mut Criterion,
    workload: Workload,
    keep: impl Fn(&Row) -> bool,
    go: Option<(&GoProgram, &[GoRow])>,
) {
    // Blocking sleeps scale past the cores, so their sweep goes further.
    let most_workers = if matches!(workload, Workload::Sleep(_)) {
        64
    } else {
        16
    };
    let items = items(workload);
    let name = format!("throughput/{workload}");
    let mut group = group(criterion, &name, items);
    for row in rows().filter(|row| keep(row)) {
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
    if let Some((program, go_rows)) = go {
        for &row in go_rows {
            for workers in worker_counts(most_workers) {
                let shape = config(workers, Some(SEED_CAPACITY));
                bench_go_row(
                    &mut group, &name, program, row, workload, shape, items, workers,
                );
            }
        }
    }
    group.finish();
}

criterion_group! {
    name = benches;
    config = fanout_benches::criterion();
    targets = throughput
}
criterion_main!(benches);
