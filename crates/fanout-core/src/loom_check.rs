//! Running loom models: [`explore`] checks one over every interleaving within a
//! preemption bound, and [`caught`] checks that a broken variant fails. Built only with
//! `--cfg loom`, for this crate's models and those of crates built on it.

use std::process::Command;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

/// Thread preemptions explored per interleaving: enough for every lost wake-up and lost
/// update of the primitives modelled, few enough that a model finishes in seconds.
pub const PREEMPTIONS: usize = 3;

/// Runs `model` over every interleaving within [`PREEMPTIONS`], panicking at the first
/// that fails, and returns how many it explored (printed too, for the README's count).
pub fn explore(name: &str, model: impl Fn() + Sync + Send + 'static) -> usize {
    let explored = Arc::new(AtomicUsize::new(0));
    let counter = Arc::clone(&explored);
    let mut builder = loom::model::Builder::new();
    builder.preemption_bound = Some(PREEMPTIONS);
    builder.check(move || {
        counter.fetch_add(1, Ordering::Relaxed);
        model();
    });
    let explored = explored.load(Ordering::Relaxed);
    println!("loom model {name}: {explored} interleavings");
    explored
}

/// Whether loom finds an interleaving in which the broken variant run by the ignored test
/// `test` (its `module_path!()`, crate name first) fails, for the reason `expected` names.
///
/// The variant runs in a child process, the test binary again: when loom finds a
/// deadlock, unwinding out of the model panics again in loom's own destructors and the
/// process aborts, which no `catch_unwind` survives.
pub fn caught(test: &str, expected: &str) -> bool {
    let test = test.split_once("::").map_or(test, |(_crate, path)| path);
    let binary = std::env::current_exe().expect("the test binary's path");
    let output = Command::new(binary)
        .args([
            test,
            "--exact",
            "--ignored",
            "--nocapture",
            "--test-threads=1",
        ])
        .env("RUST_BACKTRACE", "0")
        .output()
        .expect("the test binary runs again");
    let said = String::from_utf8_lossy(&output.stdout) + String::from_utf8_lossy(&output.stderr);
    assert!(
        said.contains("running 1 test"),
        "the child ran no test named {test}:\n{said}"
    );
    !output.status.success() && said.contains(expected)
}
