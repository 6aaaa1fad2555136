//! Threads or async for I/O-bound fan-out: the best row at each concurrency, the best
//! async engine against Little's law on the timer sleep, and the async engines on real
//! sockets against every blocking engine at its best worker count.

use crate::conclusions::{Finding, Verdict, list};
use crate::data::Results;
use crate::data::async_work::{
    SLEEP_WORKLOAD, SOCKET_WORKLOAD, at, best_at, best_of_row, concurrencies, concurrency_words,
    littles_law_ideal,
};
use crate::data::rows;
use crate::data::timing::Timing;
use crate::format;
use crate::output::markdown;
use crate::output::readme::rate_cell;
use fanout_harness::measure::{Target, TargetVerdict};

/// The project's target: the best async engine on the timer sleep reaches this share of
/// Little's law's ideal at every concurrency up to [`LITTLE_MOST`].
const LITTLE_SHARE: f64 = 0.8;
/// The highest concurrency the Little's-law target holds for.
const LITTLE_MOST: usize = 1024;
/// The concurrency the socket target compares the async engines at.
const SOCKET_CONCURRENCY: usize = 256;

/// The finding.
pub(crate) fn finding(results: &Results) -> Finding {
    let heading = String::from("Threads or async for I/O-bound fan-out");
    let io: Vec<String> = results
        .async_workloads()
        .into_iter()
        .filter(|workload| workload == SLEEP_WORKLOAD || workload == SOCKET_WORKLOAD)
        .collect();
    if io.is_empty() {
        return Finding::lacking(
            heading,
            "No `async/async-sleep-1ms` or `async/tcp-echo` group was measured: run \
             `cargo bench --bench async-work`.",
        );
    }
    let mut paragraphs = vec![String::from(
        "The async bench's I/O workloads: async engines keep `c` futures in progress on one \
         runtime, blocking engines run `c` threads doing the blocking form of the same work \
         (among them `tokio`, the blocking contract's engine on tokio, which runs each \
         blocking call on one of its runtime's worker threads: tokio used as a thread pool, \
         not async). Each concurrency's fastest async row against its fastest blocking row, \
         items/s with their 95% intervals",
    )];
    if let Some(mean_sleep) = results.mean_sleep {
        paragraphs[0].push_str(&format!(
            " (on `{SLEEP_WORKLOAD}` threads sleep on the operating system's timer, futures \
             on tokio's, whose 1 ms sleep took {} on average in this run: the two sides do \
             not wait equally long)",
            format::duration(mean_sleep)
        ));
    }
    paragraphs[0].push(':');
    let mut verdicts = Vec::new();
    let mut table = Vec::new();
    let little = littles_law(results);
    for workload in &io {
        let (rows, verdict) = best_per_concurrency(results, workload);
        table.extend(rows);
        // The timer sleep is no fair race, the two sides waiting unequally long: async is
        // judged there by how close it comes to the most its own sleeps allow.
        match (&little, results.mean_sleep) {
            (Some((_, little)), Some(mean_sleep)) if workload == SLEEP_WORKLOAD => {
                verdicts.push(format!(
                    "on `{SLEEP_WORKLOAD}` async is judged by Little's law, not against \
                     threads (tokio's 1 ms sleep took {}, the threads' sleep is the \
                     system's): {little}",
                    format::duration(mean_sleep)
                ));
            }
            _ => verdicts.push(verdict),
        }
    }
    paragraphs.push(markdown::table(
        &[
            "workload",
            "c",
            "best async",
            "its items/s",
            "best blocking",
            "its items/s",
            "faster",
        ],
        &table,
    ));
    paragraphs.push(format!("**Verdict:** {}.", verdicts.join("; ")));
    if let Some((table, verdict)) = little {
        paragraphs.push(table);
        paragraphs.push(format!("**Verdict:** {verdict}."));
    }
    if let Some((table, verdict)) = sockets(results) {
        paragraphs.push(table);
        paragraphs.push(format!("**Verdict:** {verdict}."));
    }
    Finding {
        heading,
        paragraphs,
    }
}

/// `workload`'s table rows, one per concurrency, and which side wins where.
fn best_per_concurrency(results: &Results, workload: &str) -> (Vec<Vec<String>>, String) {
    let mut table = Vec::new();
    let (mut async_wins, mut thread_wins, mut ties) = (Vec::new(), Vec::new(), Vec::new());
    for concurrency in concurrencies(results, workload) {
        let futures = best_at(results, workload, concurrency, rows::is_async);
        let threads = best_at(results, workload, concurrency, |row| !rows::is_async(row));
        let cells = |best: Option<&Timing>| match best {
            Some(timing) => [format!("`{}`", timing.row), rate_cell(timing)],
            None => [String::from("not measured"), String::new()],
        };
        let faster = match (futures, threads) {
            (Some(futures), Some(threads)) => match Verdict::of(futures.rate(), threads.rate()) {
                Verdict::Better => {
                    async_wins.push(concurrency);
                    format!(
                        "async, {}",
                        futures.rate().over(threads.rate()).times_short()
                    )
                }
                Verdict::Worse => {
                    thread_wins.push(concurrency);
                    format!(
                        "threads, {}",
                        threads.rate().over(futures.rate()).times_short()
                    )
                }
                Verdict::Tie => {
                    ties.push(concurrency);
                    String::from("tie: intervals overlap")
                }
            },
            _ => String::new(),
        };
        let mut row = vec![format!("`{workload}`"), concurrency.to_string()];
        row.extend(cells(futures));
        row.extend(cells(threads));
        row.push(faster);
        table.push(row);
    }
    let said: Vec<String> = [
        ("async", &async_wins),
        ("threads", &thread_wins),
        ("neither (tie)", &ties),
    ]
    .into_iter()
    .filter(|(_, counts)| !counts.is_empty())
    .map(|(side, counts)| {
        let counts: Vec<String> = counts.iter().map(usize::to_string).collect();
        format!("{side} at c = {}", list(&counts))
    })
    .collect();
    let best = concurrencies(results, workload)
        .into_iter()
        .filter_map(|concurrency| best_at(results, workload, concurrency, |_| true))
        .max_by(|a, b| a.items_per_second().total_cmp(&b.items_per_second()));
    let overall = best.map_or_else(String::new, |best| {
        format!(
            " (fastest overall `{}` at {}, {} items/s)",
            best.row,
            concurrency_words(best),
            format::si(best.items_per_second())
        )
    });
    let verdict = format!(
        "on `{workload}` the faster side is {}{overall}",
        list(&said)
    );
    (table, verdict)
}

/// The best async engine on the timer sleep at each concurrency up to [`LITTLE_MOST`]
/// against Little's law's ideal, and the target judged over all of them.
fn littles_law(results: &Results) -> Option<(String, String)> {
    let Some(mean_sleep) = results.mean_sleep else {
        return Some((
            String::from(
                "The Little's-law target needs the mean timer sleep, which the async bench \
                 writes to `fanout/async.jsonl` when it runs `async/async-sleep-1ms`: not in \
                 this run.",
            ),
            String::from("the Little's-law target is not judged in this run"),
        ));
    };
    let target = Target::AtLeast(LITTLE_SHARE);
    let mut table = Vec::new();
    let mut judged = Vec::new();
    for concurrency in concurrencies(results, SLEEP_WORKLOAD)
        .into_iter()
        .filter(|&concurrency| concurrency <= LITTLE_MOST)
    {
        let Some(best) = best_at(results, SLEEP_WORKLOAD, concurrency, rows::is_async_engine)
        else {
            continue;
        };
        let ideal = littles_law_ideal(concurrency as f64, mean_sleep);
        let share = best.rate().scaled(1.0 / ideal);
        let verdict = target.judge(&share);
        judged.push((concurrency, share, verdict));
        table.push(vec![
            concurrency.to_string(),
            format!("`{}`", best.row),
            rate_cell(best),
            format::si(ideal),
            share.times_short().replace('x', ""),
            verdict.to_string(),
        ]);
    }
    let lowest = judged
        .iter()
        .min_by(|a, b| a.1.value.total_cmp(&b.1.value))?;
    let overall = TargetVerdict::all(judged.iter().map(|(_, _, verdict)| *verdict));
    let table = format!(
        "The best async engine on `{SLEEP_WORKLOAD}` against Little's law: `c` sleeps in \
         progress, each taking the measured mean of one `tokio::time::sleep(1ms)`, {}, \
         complete at most `c / {}` items per second.\n\n{}",
        format::duration(mean_sleep),
        format::duration(mean_sleep),
        markdown::table(
            &[
                "c",
                "best async engine",
                "items/s",
                "ideal c / mean sleep",
                "share of the ideal (95%)",
                &format!("target: at least {LITTLE_SHARE}"),
            ],
            &table,
        )
    );
    let verdict = format!(
        "the target (best async engine on `{SLEEP_WORKLOAD}` at least {LITTLE_SHARE} of \
         c / mean sleep at every c <= {LITTLE_MOST}) is **{overall}**: lowest share {} at \
         c = {} (`{}`)",
        format::significant(lowest.1.value),
        lowest.0,
        best_at(results, SLEEP_WORKLOAD, lowest.0, rows::is_async_engine)
            .map_or("", |timing| timing.row.as_str())
    );
    Some((table, verdict))
}

/// Each async engine at [`SOCKET_CONCURRENCY`] futures on the echo server against every
/// blocking engine at its best worker count: met when no blocking engine is faster than
/// any of them beyond the intervals.
fn sockets(results: &Results) -> Option<(String, String)> {
    let engines: Vec<&Timing> = rows::async_engines()
        .filter_map(|engine| at(results, SOCKET_WORKLOAD, engine, SOCKET_CONCURRENCY))
        .collect();
    if engines.is_empty() {
        return None;
    }
    let blocking: Vec<&Timing> = rows::engines()
        .filter_map(|engine| best_of_row(results, SOCKET_WORKLOAD, engine))
        .collect();
    let mut table: Vec<Vec<String>> = Vec::new();
    for timing in engines.iter().chain(&blocking) {
        table.push(vec![
            format!("`{}`", timing.row),
            concurrency_words(timing),
            rate_cell(timing),
        ]);
    }
    let mut beaten = Vec::new();
    for engine in &engines {
        let winners: Vec<String> = blocking
            .iter()
            .filter(|row| Verdict::of(row.rate(), engine.rate()) == Verdict::Better)
            .map(|row| format!("`{}` ({})", row.row, concurrency_words(row)))
            .collect();
        if !winners.is_empty() {
            beaten.push(format!("{} beat `{}`", list(&winners), engine.row));
        }
    }
    let table = format!(
        "On `{SOCKET_WORKLOAD}`, each async engine at c = {SOCKET_CONCURRENCY} against each \
         blocking engine at its best worker count:\n\n{}",
        markdown::table(&["row", "at", "items/s"], &table)
    );
    let verdict = if blocking.is_empty() {
        format!(
            "no blocking engine was measured on `{SOCKET_WORKLOAD}`, so the async engines at \
             c = {SOCKET_CONCURRENCY} are not judged against threads"
        )
    } else if beaten.is_empty() {
        format!(
            "on `{SOCKET_WORKLOAD}` every async engine at c = {SOCKET_CONCURRENCY} is as fast \
             as every blocking engine at its best worker count or faster (ties within the \
             intervals count): **met**"
        )
    } else {
        format!(
            "on `{SOCKET_WORKLOAD}` the async engines at c = {SOCKET_CONCURRENCY} against the \
             blocking engines at their best: **not met**, {}",
            beaten.join("; ")
        )
    };
    Some((table, verdict))
}
