//! Scoped runs: items, `work` and results that borrow from the caller's stack.

use std::collections::HashMap;
use std::thread;

use fanout_core::FanOutFanIn;

use crate::accounting::{Baseline, no_tasks};
use crate::watchdog::alone_with_own_runs;

/// A scoped run ([`run_in`](FanOutFanIn::run_in), [`run_ordered_in`](FanOutFanIn::run_ordered_in))
/// takes items borrowed from a local `Vec`, `work` that reads a local `HashMap`, and gives
/// results that borrow from the items; each comes back once (in input order when ordered);
/// and when the scope returns, after a whole run or one dropped early, every thread of the
/// run has ended. Every other guarantee is checked in scoped form by the check that states
/// it. Random states vary the input's length.
pub fn scoped<E: FanOutFanIn + 'static>() {
    alone_with_own_runs::<E>("scoped", |check| {
        for (workers, capacity) in [(1, 0), (3, 2), (8, 16)] {
            let engine: E = check.engine(workers, capacity);
            let baseline = Baseline::of(check, &engine, no_tasks);
            let length = check.vary(300, 0..=1_000);
            let words: Vec<String> = (0..length).map(|n| format!("word-{n}")).collect();
            let lengths: HashMap<&str, usize> = words.iter().map(|w| (&w[..], w.len())).collect();
            check.case(format_args!(
                "workers={workers} capacity={capacity} items={length}, borrowed from a local \
                 Vec, work reading a local HashMap"
            ));

            let mut unordered: Vec<(&str, usize)> = thread::scope(|scope| {
                engine
                    .run_in(scope, &words, |_, word| {
                        (word.as_str(), lengths[word.as_str()])
                    })
                    .collect()
            });
            baseline.expect_run_gone(check);
            unordered.sort_unstable();
            let mut expected: Vec<(&str, usize)> =
                words.iter().map(|w| (&w[..], w.len())).collect();
            expected.sort_unstable();
            check.ensure(unordered == expected, || {
                format!(
                    "run_in gave {} results that are not one per borrowed item",
                    unordered.len()
                )
            });

            check.case(format_args!(
                "workers={workers} capacity={capacity} items={length}, run_ordered_in on \
                 borrowed items"
            ));
            let ordered: Vec<&str> = thread::scope(|scope| {
                engine
                    .run_ordered_in(scope, &words, |_, word| word.as_str())
                    .collect()
            });
            baseline.expect_run_gone(check);
            check.ensure(
                ordered.iter().copied().eq(words.iter().map(|w| &w[..])),
                || {
                    String::from(
                        "run_ordered_in did not give the borrowed items back in input order",
                    )
                },
            );

            check.case(format_args!(
                "workers={workers} capacity={capacity}, endless borrowed input, dropped after \
                 one result, then the scope returns"
            ));
            let first = thread::scope(|scope| {
                let endless = words.iter().cycle();
                let mut results = engine.run_in(scope, endless, |_, word| lengths[word.as_str()]);
                results.next()
            });
            baseline.expect_run_gone(check);
            check.ensure(length == 0 || first.is_some(), || {
                String::from("a scoped run over an endless input gave no first result")
            });
        }
    });
}
