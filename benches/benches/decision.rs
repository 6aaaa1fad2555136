//! `decision`: which engine to use, per workload and worker count, from candidates timed in
//! rounds within one process. Every blocking engine runs at its default capacity and at 16,
//! 64 and 256, beside `sequential`, `static-split` and `rayon-par-iter`; each round times
//! every candidate once, in an order rotated from round to round, after a warm-up round.
//! Each candidate is built for its turn, warmed by one run, timed (the median of three
//! runs) and dropped, so no idle pool competes with the one timed and each rayon pool draws
//! its mode afresh.
//!
//! Writes `target/fanout/decision.jsonl`, one [`DecisionCell`] per line (every candidate's
//! time per item in every round), from which the report's decision table is computed with
//! [`CellVerdict`]; prints each cell's verdict. Then measures what waking a sleeping
//! thread costs here ([`WakeUp`], `target/fanout/machine.jsonl`), the scale of every
//! hand-off's cost, for the report's line on the machine. Worker counts: 1 to 16, to 64 on
//! sleep-100us (up to the cores in the quick pass, which also times fewer rounds). Filters
//! select cells by `decision/<workload>/<workers>`.

use std::time::{Duration, Instant};

use fanout_benches::{
    Timed, config, items, median, quick, records_dir, rows, selected, worker_counts,
};
use fanout_harness::measure::{Candidate, CellVerdict, DecisionCell, WIN_ABOVE, WakeUp};
use fanout_harness::rows::{RAYON_PAR_ITER, RowKind, SEQUENTIAL, STATIC_SPLIT};
use fanout_harness::{Provenance, Trial, Workload, write_json_lines};

/// Round trips the machine's wake-up is the median of.
const WAKE_UP_ROUND_TRIPS: usize = 2_000;

/// The capacities every engine is timed at beside its default.
const CAPACITIES: [usize; 3] = [16, 64, 256];

/// Timed rounds after the warm-up round.
fn rounds() -> usize {
    if quick() { 3 } else { 9 }
}

/// Runs a candidate's time in a round is the median of: one run on a 2-core machine is
/// now and then several times its usual length, and the median of three keeps such a run
/// out of the round's ratios.
fn runs_per_round() -> usize {
    if quick() { 1 } else { 3 }
}

/// The kinds of work the table asks about: the throughput set but `seed`, which is the
/// seed's demo rather than a kind of work.
fn workloads() -> impl Iterator<Item = Workload> {
    Workload::THROUGHPUT_SET
        .into_iter()
        .filter(|workload| !matches!(workload, Workload::Seed))
}

/// A candidate to build: a row and the capacity asked for (`None`: its default).
#[derive(Clone, Copy)]
struct Entry {
    row: &'static str,
    capacity: Option<usize>,
}

/// Every engine at each capacity, then the baselines.
fn entries() -> Vec<Entry> {
    let engines = rows().filter(|row| row.kind == RowKind::Engine);
    let mut entries: Vec<Entry> = engines
        .flat_map(|row| {
            std::iter::once(None)
                .chain(CAPACITIES.map(Some))
                .map(move |capacity| Entry {
                    row: row.name,
                    capacity,
                })
        })
        .collect();
    entries.extend([SEQUENTIAL, STATIC_SPLIT, RAYON_PAR_ITER].map(|row| Entry {
        row,
        capacity: None,
    }));
    entries
}

fn main() {
    let cells: Vec<(Workload, usize)> = workloads()
        .flat_map(|workload| {
            let most = if matches!(workload, Workload::Sleep(_)) {
                64
            } else {
                16
            };
            worker_counts(most)
                .into_iter()
                .map(move |workers| (workload, workers))
        })
        .filter(|(workload, workers)| selected(&format!("decision/{workload}/{workers}")))
        .collect();
    if cells.is_empty() {
        return;
    }
    println!(
        "decision: {} rounds of every candidate per cell; a win needs the lead's 95% interval \
         above {WIN_ABOVE}x",
        rounds()
    );
    let started = Instant::now();
    let records: Vec<DecisionCell> = cells
        .into_iter()
        .map(|(workload, workers)| {
            let cell = time_cell(workload, workers);
            println!("{}", summary(&cell));
            cell
        })
        .collect();
    let path = records_dir().join("decision.jsonl");
    write_json_lines(&path, &records)
        .unwrap_or_else(|error| panic!("could not write {}: {error}", path.display()));
    let wake_up = WakeUp::measure(WAKE_UP_ROUND_TRIPS);
    println!(
        "a wake-up of a sleeping thread: {:.1} us (median of {} round trips, halved)",
        wake_up.nanos / 1e3,
        wake_up.round_trips
    );
    let machine = records_dir().join("machine.jsonl");
    write_json_lines(&machine, &[wake_up])
        .unwrap_or_else(|error| panic!("could not write {}: {error}", machine.display()));
    println!(
        "records written to {} and {} ({:.0} s)",
        path.display(),
        machine.display(),
        started.elapsed().as_secs_f64()
    );
}

/// Times every candidate on `workload` at `workers`, once per round after a warm-up round.
fn time_cell(workload: Workload, workers: usize) -> DecisionCell {
    let items = items(workload);
    let entries = entries();
    let mut times = vec![Vec::with_capacity(rounds()); entries.len()];
    for round in 0..=rounds() {
        // Rotated, so that no candidate always follows the same one.
        for offset in 0..entries.len() {
            let index = (round + offset) % entries.len();
            let nanos_per_item = time_once(entries[index], workload, workers, items);
            if round > 0 {
                times[index].push(nanos_per_item);
            }
        }
    }
    DecisionCell {
        workload: workload.to_string(),
        workers,
        items,
        candidates: entries
            .iter()
            .zip(times)
            .map(|(entry, nanos_per_item)| Candidate {
                row: entry.row.to_owned(),
                capacity: entry.capacity,
                nanos_per_item,
            })
            .collect(),
        provenance: Provenance::current().clone(),
    }
}

/// A candidate built for its turn and warmed by one run: the median of its
/// [`runs_per_round`] timed runs, in nanoseconds per item.
fn time_once(entry: Entry, workload: Workload, workers: usize, items: usize) -> f64 {
    let mut trial = Trial::new(entry.row, workload, config(workers, entry.capacity))
        .unwrap_or_else(|error| panic!("cannot build {}: {error}", entry.row));
    trial.time(items);
    let times: Vec<Duration> = (0..runs_per_round()).map(|_| trial.time(items)).collect();
    median(&times).expect("at least one run").as_nanos() as f64 / items as f64
}

/// A cell's verdict on one line.
fn summary(cell: &DecisionCell) -> String {
    let place = format!("{:<11} {:>2} workers", cell.workload, cell.workers);
    let Some(verdict) = CellVerdict::of(cell) else {
        return format!("{place}: no engine timed");
    };
    let ratio = |ratio: Option<fanout_harness::measure::PairedRatio>| {
        ratio.map_or_else(
            || String::from("-"),
            |ratio| format!("{:.3}x ({:.3}-{:.3}x)", ratio.median, ratio.low, ratio.high),
        )
    };
    let lead = match verdict.runner_up {
        Some(runner_up) if verdict.wins() => {
            format!("wins by {} over {}", ratio(verdict.lead), runner_up.label())
        }
        Some(runner_up) => format!("ties with {}: {}", runner_up.label(), ratio(verdict.lead)),
        None => String::from("alone"),
    };
    format!(
        "{place}: {} {lead}; over sequential {}, over rayon-par-iter {}",
        verdict.winner.label(),
        ratio(verdict.over_sequential),
        ratio(verdict.over_rayon_par_iter),
    )
}
