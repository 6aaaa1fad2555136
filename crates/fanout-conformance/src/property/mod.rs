//! The property test: random runs of every shape, each checked for every promise at once.

mod case;
mod scenario;

use fanout_core::FanOutFanIn;
use proptest::test_runner::{Config, FileFailurePersistence, TestRunner};

use crate::accounting::AliveTasks;
use crate::watchdog::one_case_alone;

/// Cases per property test when `PROPTEST_CASES` is not set: enough to cross every corner
/// of the scenarios on each CI run, few enough that all engines together take seconds.
const DEFAULT_CASES: u32 = 64;

/// Shrinking steps after a failure when `PROPTEST_MAX_SHRINK_ITERS` is not set: each step is
/// a whole run, and a step that leaves a thread behind waits out a deadline.
const DEFAULT_MAX_SHRINK_ITERS: u32 = 64;

/// The configuration [`reliability_tests!`](crate::reliability_tests) gives [`property`]:
/// proptest's defaults and `PROPTEST_*` environment variables, 64 cases
/// unless `PROPTEST_CASES` says otherwise, and failing cases kept in `regressions` (a file
/// path; `None` keeps nothing), where later runs replay them first.
pub fn property_config(regressions: Option<&'static str>) -> Config {
    let mut config = Config::default();
    if std::env::var_os("PROPTEST_CASES").is_none() {
        config.cases = DEFAULT_CASES;
    }
    if std::env::var_os("PROPTEST_MAX_SHRINK_ITERS").is_none() {
        config.max_shrink_iters = DEFAULT_MAX_SHRINK_ITERS;
    }
    config.failure_persistence =
        regressions.map(|path| Box::new(FileFailurePersistence::Direct(path)) as _);
    config
}

/// The property, for engine `E`: in random runs (0 to 5 000 items, 1 to 32 workers,
/// capacity 0 to 64, uneven work, an optional panicking item, an optional early drop,
/// `run` and `run_ordered`), every result comes exactly once (or the panic reaches the
/// consumer), `run_ordered` keeps input order, worker ids stay in range, items in flight
/// stay within `in_flight_bound()`, every item and result is dropped once, and no thread
/// or task of the run, nor of the engine once dropped, is left. Each case runs alone under
/// the watchdog; `alive_tasks` counts the engine's tasks that are not threads.
///
/// # Panics
/// With proptest's smallest failing scenario and the failure's message.
pub fn property<E: FanOutFanIn + 'static>(config: Config, alive_tasks: AliveTasks<E>) {
    let mut runner = TestRunner::new(config);
    let outcome = runner.run(&scenario::scenarios(), |scenario| {
        one_case_alone::<E>("property", move |check| {
            case::run_case::<E>(check, &scenario, alive_tasks);
        });
        Ok(())
    });
    if let Err(failure) = outcome {
        panic!("{}: `property` failed: {failure}", E::NAME);
    }
}
