//! The `distributed` bench's distance part: the workers reach the server through a
//! latency proxy ([`LatencyProxy`]) of 0.2, 2 and 20 ms nominal round trip (the consumer
//! stays beside the server, as where one region sends work to another), 2 worker
//! processes of one worker each, paired rounds against in-process `crossbeam` and
//! `sequential` as the local part's. Per round trip: efficiency on noop, spin-100us and
//! spin-1ms at the default batch target, the break-even work per item (NATS at
//! [`BREAK_EVEN`] of crossbeam's throughput), and spin-100us at targets of 5, 20 and 80 ms:
//! what target the distance needs.

use std::path::Path;
use std::time::Duration;

use fanout_benches::{WorkerProcess, config, quick, records_with_spread, spread};
use fanout_harness::measure::{Ideal, Scaling};
use fanout_harness::{Record, Subject, Workload, logical_cores};
use fanout_nats::{DEFAULT_TARGET, LocalServer, Nats};

use crate::latency_proxy::LatencyProxy;
use crate::{Round, rounds};

/// Nominal round trips and the latency toxic each way that gives them; `None`: the proxy
/// with no toxic, since a toxic of 0 ms still waits for tokio's next 1 ms tick.
const ROUND_TRIPS: [(&str, Option<u64>); 3] =
    [("0.2ms", None), ("2ms", Some(1)), ("20ms", Some(10))];

/// The workloads break-even is read from, in increasing work.
const WORKLOADS: [&str; 3] = ["noop", "spin-100us", MOST_WORK];

/// The most work per item measured.
const MOST_WORK: &str = "spin-1ms";

/// The batch targets tried on [`TARGET_WORKLOAD`], in ms; the default is among them.
const TARGETS_MS: [u64; 3] = [5, 20, 80];
const TARGET_WORKLOAD: &str = "spin-100us";

/// Worker processes: as many as this bench's reference machine has cores.
const PROCESSES: usize = 2;

/// NATS throughput over crossbeam's that counts as breaking even, as in results/.
const BREAK_EVEN: f64 = 0.8;

/// Runs the distance part; returns its records.
pub(crate) fn run(fanout: &Path, server: &LocalServer) -> Vec<Record> {
    let cores = logical_cores();
    println!(
        "distributed/distance: {PROCESSES} worker processes behind a latency proxy (noxious), \
         the consumer beside the server, {cores} cores"
    );
    println!(
        "{:<7} {:>9} {:<11} {:>7} {:>13} {:>11} {:>24}",
        "rtt", "measured", "workload", "target", "nats items/s", "over cb", "efficiency (q1 to q3)"
    );
    let mut records = Vec::new();
    for (nominal, one_way) in ROUND_TRIPS {
        let proxy = LatencyProxy::start(server.port(), one_way);
        let measured = proxy.round_trip();
        let workers: Vec<WorkerProcess> = (0..PROCESSES)
            .map(|_| WorkerProcess::start(fanout, &proxy.url()))
            .collect();
        let mut points = Vec::new();
        let cells = WORKLOADS.iter().map(|&name| (name, DEFAULT_TARGET)).chain(
            // The quick pass leaves the target sweep out, to stay well under a minute.
            TARGETS_MS
                .iter()
                .filter(|_| !quick())
                .map(|&ms| Duration::from_millis(ms))
                .filter(|&target| target != DEFAULT_TARGET)
                .map(|target| (TARGET_WORKLOAD, target)),
        );
        for (name, target) in cells {
            let workload: Workload = name.parse().expect("a workload");
            let items = items(workload);
            let engine = Nats::connect(&server.url(), config(PROCESSES, None))
                .expect("the local server accepts")
                .with_target(target);
            let rounds = rounds(&engine, workload, PROCESSES, items);
            let figure = |of: &dyn Fn(&Round) -> f64| {
                let values: Vec<f64> = rounds.iter().map(of).collect();
                spread(&values).expect("at least one round")
            };
            let rate = figure(&|round| items as f64 / round.nats.as_secs_f64());
            let ratio = figure(&|round| round.crossbeam.as_secs_f64() / round.nats.as_secs_f64());
            let efficiency = figure(&|round| {
                Scaling::of(
                    round.sequential,
                    round.nats,
                    PROCESSES,
                    cores,
                    Ideal::of(workload),
                )
                .efficiency
            });
            println!(
                "{nominal:<7} {:>6.2} ms {name:<11} {:>4} ms {:>13.0} {:>11.3} {:>8.3} ({:.3} to {:.3})",
                measured.as_secs_f64() * 1e3,
                target.as_millis(),
                rate.0,
                ratio.0,
                efficiency.0,
                efficiency.1,
                efficiency.2,
            );
            if target == DEFAULT_TARGET {
                points.push((workload.nominal_cost().as_secs_f64(), ratio));
            }
            let subject = Subject {
                engine: format!("nats-rtt-{nominal}-target-{}ms", target.as_millis()),
                workload: name.to_owned(),
                workers: PROCESSES,
                capacity: PROCESSES * 2,
                payload: workload.payload_bytes(),
                items,
            };
            records.push(subject.record("round_trip", measured.as_secs_f64() * 1e9, "ns"));
            records.extend(records_with_spread(
                &subject,
                "items_per_second",
                rate,
                "items/s",
            ));
            records.extend(records_with_spread(
                &subject,
                "over_crossbeam",
                ratio,
                "ratio",
            ));
            records.extend(records_with_spread(
                &subject,
                "efficiency",
                efficiency,
                "ratio",
            ));
        }
        drop(workers);
        // Low ratios break even at more work: the spread's ends swap.
        let at = |pick: fn(&(f64, f64, f64)) -> f64| {
            let ratios: Vec<(f64, f64)> = points.iter().map(|(work, r)| (*work, pick(r))).collect();
            break_even(&ratios, BREAK_EVEN)
        };
        let (median, low, high) = (at(|r| r.0), at(|r| r.2), at(|r| r.1));
        let verdict = match (median, low, high) {
            (None, None, None) => format!("not reached by {MOST_WORK}, the most work measured"),
            _ => format!("{} ({} to {})", said(median), said(low), said(high)),
        };
        println!("{nominal:<7} break-even (NATS at {BREAK_EVEN} of crossbeam): {verdict}");
        if let (Some(median), Some(low), Some(high)) = (median, low, high) {
            let subject = Subject {
                engine: format!("nats-rtt-{nominal}"),
                workload: WORKLOADS.join("+"),
                workers: PROCESSES,
                capacity: PROCESSES * 2,
                payload: 0,
                items: 0,
            };
            records.extend(records_with_spread(
                &subject,
                "break_even",
                (median * 1e9, low * 1e9, high * 1e9),
                "ns/item",
            ));
        }
    }
    records
}

/// Items per run: about 0.5 s of work for one worker (0.15 s quick), 200 to 20 000, so
/// that a run is long beside a round trip and the batch sizer's first small batches.
fn items(workload: Workload) -> usize {
    let budget = if quick() { 0.15 } else { 0.5 };
    let per_item = workload.nominal_cost().as_secs_f64().max(1e-5);
    ((budget / per_item) as usize).clamp(200, 20_000)
}

/// The smallest work per item (seconds) at which the ratio reaches `at`, interpolated
/// linearly between measured workloads in increasing work; 0 where the least work
/// already does, `None` where the most does not.
fn break_even(points: &[(f64, f64)], at: f64) -> Option<f64> {
    let (&(first_work, first_ratio), rest) = points.split_first()?;
    if first_ratio >= at {
        return Some(first_work);
    }
    let mut below = (first_work, first_ratio);
    for &(work, ratio) in rest {
        if ratio >= at {
            let share = (at - below.1) / (ratio - below.1);
            return Some(below.0 + share * (work - below.0));
        }
        below = (work, ratio);
    }
    None
}

/// A break-even as text: microseconds per item, or that the most work did not reach it.
fn said(work: Option<f64>) -> String {
    match work {
        Some(seconds) => format!("{:.0} us/item", seconds * 1e6),
        None => format!("above {MOST_WORK}"),
    }
}
