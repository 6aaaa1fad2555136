//! "The seed in Go, against its ports": the seed's `RunFan` in Go (`go-seed`) and the
//! idiomatic Go pool (`go-pool`), both on unbuffered channels, timed paired against
//! `seed-layout`, `crossbeam` and `adaptive` by the `go` bench; beside `seed-layout`, the
//! best per-item engine and `adaptive` at every workload and worker count of the
//! throughput bench; and the seed's three claims judged on the Go rows.

use fanout_harness::Workload;
use fanout_harness::go::{COMPARED_GO_ROWS, GO_POOL, GO_SEED, GO_STATIC_SPLIT, INSTALL_GO};
use fanout_harness::measure::Verdict;

use crate::conclusions::seed::grid::RatioGrid;
use crate::conclusions::seed::sweep;
use crate::conclusions::{Finding, list};
use crate::data::Results;
use crate::data::go::{GoBeside, GoPairing, beside};
use crate::data::group::Group;
use crate::data::interval::Interval;
use crate::data::rows::SEED_LAYOUT;
use crate::format;
use crate::output::markdown;

/// The section's heading.
pub(crate) const HEADING: &str = "The seed in Go, against its ports";

/// The section: its paragraphs, or one saying which benches would fill it.
pub(crate) fn section(results: &Results) -> Finding {
    let heading = HEADING.to_owned();
    let beside = beside(results);
    if results.go_pairings.is_empty() && beside.is_empty() {
        return Finding::lacking(
            heading,
            &format!(
                "No Go rows in this run: with `go` on PATH, run `cargo bench --bench go` \
                 (paired) and `cargo bench --bench throughput`; {INSTALL_GO}."
            ),
        );
    }
    let mut paragraphs = vec![format!(
        "`{}` is the seed's `RunFan` in Go as the seed wrote it (one job channel the \
         workers share, a result channel per worker closed after a `WaitGroup`, a \
         forwarding goroutine per worker into one output channel); `{}` is the pool a Go \
         programmer writes (one job and one result channel). Both run on unbuffered \
         channels, as the seed does, on the same workloads with the same durations as the \
         Rust rows; the Rust rows run at their default capacity. Each ratio is the Go row's \
         time per item over the Rust row's: below 1x, Go is faster.",
        GO_SEED.name, GO_POOL.name
    )];
    paragraphs.extend(paired(&results.go_pairings));
    paragraphs.extend(per_workload(&beside));
    paragraphs.extend(sleeps(&beside, &results.go_pairings));
    paragraphs.extend(claims(results));
    Finding {
        heading,
        paragraphs,
    }
}

/// A time ratio's cell: `0.04x (0.03-0.05x)`.
fn cell(ratio: Option<Interval>) -> String {
    ratio.map_or_else(String::new, |ratio| ratio.times_short())
}

/// Whether the Go row is faster, tied or slower, from its time ratio.
fn go_verdict(time_over: Interval) -> Verdict {
    // A time ratio below 1 is a faster Go row: reverse the bigger-is-better verdict.
    Verdict::of_ratio(time_over).reversed()
}

/// The `go` bench's paired figures, a table and its verdict.
fn paired(pairings: &[GoPairing]) -> Vec<String> {
    if pairings.is_empty() {
        return Vec::new();
    }
    let mut against: Vec<&str> = Vec::new();
    for pairing in pairings {
        if !against.contains(&pairing.rust_row.as_str()) {
            against.push(&pairing.rust_row);
        }
    }
    let mut keys: Vec<(&str, &str, usize)> = Vec::new();
    for pairing in pairings {
        let key = (
            pairing.workload.as_str(),
            pairing.go_row.as_str(),
            pairing.workers,
        );
        if !keys.contains(&key) {
            keys.push(key);
        }
    }
    let find = |(workload, go_row, workers): (&str, &str, usize), rust_row: &str| {
        pairings.iter().find(|pairing| {
            pairing.workload == workload
                && pairing.go_row == go_row
                && pairing.workers == workers
                && pairing.rust_row == rust_row
        })
    };
    let rows: Vec<Vec<String>> = keys
        .iter()
        .map(|&key| {
            let go_nanos = against
                .iter()
                .find_map(|rust_row| find(key, rust_row))
                .map_or_else(String::new, |pairing| format::duration(pairing.go_nanos));
            let mut row = vec![
                format!("`{}`", key.0),
                format!("`{}`", key.1),
                key.2.to_string(),
                go_nanos,
            ];
            row.extend(against.iter().map(|rust_row| {
                find(key, rust_row).map_or_else(String::new, |pairing| {
                    format!(
                        "{}; {}",
                        pairing.time_over.times_short(),
                        format::duration(pairing.rust_nanos)
                    )
                })
            }));
            row
        })
        .collect();
    let mut header = vec![
        "workload".to_owned(),
        "Go row".to_owned(),
        "workers".to_owned(),
        "Go's time per item".to_owned(),
    ];
    header.extend(against.iter().map(|row| format!("over `{row}` (its time)")));
    let (mut faster, mut tied, mut slower) = (Vec::new(), 0, 0);
    for pairing in pairings {
        match go_verdict(pairing.time_over) {
            Verdict::Better => faster.push(pairing),
            Verdict::Tie => tied += 1,
            Verdict::Worse => slower += 1,
        }
    }
    let headline = pairings
        .iter()
        .find(|pairing| {
            pairing.go_row == GO_SEED.name
                && pairing.rust_row == SEED_LAYOUT
                && pairing.workload == Workload::Noop.to_string()
        })
        .map_or_else(String::new, |pairing| {
            format!(
                " On `noop` at {} workers, the seed in Go takes {} the time per item of its \
                 port `{SEED_LAYOUT}` ({} against {}).",
                pairing.workers,
                pairing.time_over.times(),
                format::duration(pairing.go_nanos),
                format::duration(pairing.rust_nanos)
            )
        });
    vec![
        format!(
            "Paired by the `go` bench (a Go run and a Rust run alternately in one process, the \
             ratio taken within each pair; its median and 95% interval, then the Rust row's \
             median time per item):\n\n{}",
            markdown::table(&header, &rows)
        ),
        format!(
            "**Verdict:** of {} paired comparisons, the Go row is faster beyond the noise in \
             {}, tied in {tied} and slower in {slower}.{headline}",
            pairings.len(),
            faster.len()
        ),
    ]
}

/// One table per workload from the throughput groups, and its verdict.
fn per_workload(beside: &[GoBeside]) -> Vec<String> {
    if beside.is_empty() {
        return Vec::new();
    }
    let mut workloads: Vec<&str> = Vec::new();
    for row in beside {
        if !workloads.contains(&row.workload.as_str()) {
            workloads.push(&row.workload);
        }
    }
    let header = [
        "Go row",
        "workers",
        "Go's time per item",
        "over `seed-layout`",
        "over the best per-item engine",
        "over `adaptive`",
    ];
    let mut paragraphs = vec![format!(
        "From the throughput bench (criterion's intervals of the two medians, so wider than \
         a paired interval), per workload and worker count:"
    )];
    for workload in workloads {
        let rows: Vec<Vec<String>> = beside
            .iter()
            .filter(|row| row.workload == workload)
            .map(|row| {
                vec![
                    format!("`{}`", row.go_row),
                    row.workers.to_string(),
                    row.nanos.written(format::duration),
                    cell(row.over_seed_layout),
                    row.over_best.map_or_else(String::new, |(best, ratio)| {
                        format!("{} (`{best}`)", ratio.times_short())
                    }),
                    cell(row.over_adaptive),
                ]
            })
            .collect();
        paragraphs.push(format!(
            "`{workload}`:\n\n{}",
            markdown::table(&header, &rows)
        ));
    }
    let tally = |pick: fn(&GoBeside) -> Option<Interval>| {
        let ratios: Vec<Interval> = beside.iter().filter_map(pick).collect();
        let faster = ratios
            .iter()
            .filter(|ratio| go_verdict(**ratio) == Verdict::Better)
            .count();
        let slower = ratios
            .iter()
            .filter(|ratio| go_verdict(**ratio) == Verdict::Worse)
            .count();
        format!(
            "faster in {faster} of {} cells, slower in {slower}",
            ratios.len()
        )
    };
    paragraphs.push(format!(
        "**Verdict:** against `{SEED_LAYOUT}`, the Go rows are {}; against the best \
         per-item engine, {}; against `adaptive`, {}.",
        tally(|row| row.over_seed_layout),
        tally(|row| row.over_best.map(|(_, ratio)| ratio)),
        tally(|row| row.over_adaptive)
    ));
    paragraphs
}

/// On the sleep workloads, how long one of Go's sleeps took: Go's timer, not its
/// channels, sets those rows' pace. Each worker sleeps item after item, so a sleep lasts
/// about the time per item times the workers; the fewest workers measured say it best.
fn sleeps(beside: &[GoBeside], pairings: &[GoPairing]) -> Option<String> {
    let measured = beside
        .iter()
        .filter(|row| row.go_row == GO_SEED.name)
        .map(|row| (row.workload.as_str(), row.workers, row.nanos.value))
        .chain(
            pairings
                .iter()
                .filter(|pairing| pairing.go_row == GO_SEED.name)
                .map(|pairing| (pairing.workload.as_str(), pairing.workers, pairing.go_nanos)),
        );
    let mut fewest: Vec<(&str, usize, f64)> = Vec::new();
    for (workload, workers, nanos) in measured {
        match fewest.iter_mut().find(|(name, ..)| *name == workload) {
            Some(kept) if kept.1 > workers => *kept = (workload, workers, nanos),
            Some(_) => {}
            None => fewest.push((workload, workers, nanos)),
        }
    }
    let slept: Vec<String> = fewest
        .iter()
        .filter_map(|&(workload, workers, nanos)| {
            let Ok(Workload::Sleep(asked)) = workload.parse::<Workload>() else {
                return None;
            };
            Some(format!(
                "`{workload}` asks {} a sleep, and `{}`'s {} took {} an item each",
                format::duration(asked.as_nanos() as f64),
                GO_SEED.name,
                format::workers(workers),
                format::duration(nanos * workers as f64)
            ))
        })
        .collect();
    (!slept.is_empty()).then(|| {
        format!(
            "On sleep workloads the Go rows wait on Go's timer: {}. Go's `time.Sleep` on \
             Linux rounds a wait below a millisecond up to its poller's millisecond timeout \
             (golang/go#44343), where Rust's `thread::sleep` is a `nanosleep`: those cells \
             compare the two languages' sleeps more than their channels.",
            list(&slept)
        )
    })
}

/// The seed's three claims, judged on the Go rows.
fn claims(results: &Results) -> Vec<String> {
    let mut paragraphs = Vec::new();
    // Result channels: the seed's topology over the pool, the same channels otherwise.
    let workloads = results.workloads();
    let groups: Vec<Group> = workloads.iter().cloned().map(Group::Throughput).collect();
    let workers = sweep::worker_counts(results, &groups, &[GO_SEED.name, GO_POOL.name]);
    let mut channels = RatioGrid::new(
        "workload \\ workers",
        workers.iter().map(usize::to_string).collect(),
    );
    for (workload, group) in workloads.iter().zip(&groups) {
        let cells = workers
            .iter()
            .map(|&count| sweep::ratio(results, group, GO_SEED.name, GO_POOL.name, count))
            .collect();
        channels.push(format!("`{workload}`"), cells);
    }
    if !channels.is_empty() {
        let cores = results.cores();
        let (tally, beyond) = sweep::tally_by_cores(&channels, &workers, cores);
        paragraphs.push(format!(
            "The seed's claim \"each worker has its own result channel, preventing \
             blocking\", in Go: `{}`'s throughput over `{}`'s (one shared result \
             channel):\n\n{}\n\n**Verdict:** at no more workers than the {cores} cores, \
             the claim {} in Go: the seed's layout is faster in {} of {} cells, tied in {} \
             and slower in {}; past the cores, faster in {} of {}, tied in {} and slower \
             in {}.",
            GO_SEED.name,
            GO_POOL.name,
            channels.markdown(),
            sweep::claim(tally),
            tally.better,
            tally.total(),
            tally.ties,
            tally.worse,
            beyond.better,
            beyond.total(),
            beyond.ties,
            beyond.worse
        ));
    }
    // Load balancing: each Go row over Go's static split on the rare heavy items.
    let rare = Group::Throughput(Workload::SkewedRare.to_string());
    let workers: Vec<usize> = sweep::worker_counts(
        results,
        std::slice::from_ref(&rare),
        &[GO_STATIC_SPLIT.name],
    )
    .into_iter()
    .filter(|&count| count > 1)
    .collect();
    let mut balance = RatioGrid::new(
        "Go row \\ workers",
        workers.iter().map(usize::to_string).collect(),
    );
    for row in COMPARED_GO_ROWS {
        let cells = workers
            .iter()
            .map(|&count| sweep::ratio(results, &rare, row.name, GO_STATIC_SPLIT.name, count))
            .collect();
        balance.push(format!("`{}`", row.name), cells);
    }
    if !balance.is_empty() {
        let tally = RatioGrid::tally(balance.ratios());
        paragraphs.push(format!(
            "The seed's claim of automatic load balancing, in Go: throughput over `{}`'s \
             (items dealt round robin in advance) on `{rare}`:\n\n{}\n\n**Verdict:** the \
             claim {} in Go: faster than the static split in {} of {} cells, tied in {} and \
             slower in {}.",
            GO_STATIC_SPLIT.name,
            balance.markdown(),
            sweep::claim(tally),
            tally.better,
            tally.total(),
            tally.ties,
            tally.worse,
            rare = Workload::SkewedRare
        ));
    }
    // Unbuffered channels: each Go row at a buffered capacity over capacity 0, on noop.
    let buffered: Vec<usize> = results
        .capacities()
        .into_iter()
        .filter(|&capacity| capacity > 0)
        .collect();
    let mut capacity = RatioGrid::new(
        "Go row \\ capacity",
        buffered.iter().map(usize::to_string).collect(),
    );
    for row in COMPARED_GO_ROWS {
        let cells = buffered
            .iter()
            .map(|&buffer| {
                let rendezvous = results.at_cores(&Group::Capacity(0), row.name)?;
                let buffered = results.at_cores(&Group::Capacity(buffer), row.name)?;
                Some(buffered.rate().over(rendezvous.rate()))
            })
            .collect();
        capacity.push(format!("`{}`", row.name), cells);
    }
    if !capacity.is_empty() {
        let tally = RatioGrid::tally(capacity.ratios());
        paragraphs.push(format!(
            "The seed's unbuffered channels, in Go: throughput at capacity c over capacity \
             0 (`make(chan T)`), on `noop` at {} workers:\n\n{}\n\n**Verdict:** buffered Go \
             channels are faster beyond the noise in {} of {} cells, tied in {} and slower \
             in {}.",
            results.cores(),
            capacity.markdown(),
            tally.better,
            tally.total(),
            tally.ties,
            tally.worse
        ));
    }
    paragraphs
}
