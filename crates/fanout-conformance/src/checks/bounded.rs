//! Guarantee 3: pulled-but-not-received items never exceed `in_flight_bound()`.

use std::thread;
use std::time::Duration;

use fanout_core::FanOutFanIn;

use super::uneven_work;
use crate::probe::Probe;
use crate::size::sized;
use crate::watchdog::under_watchdog;

/// With an endless input and a consumer that keeps pausing (so every queue fills as far as
/// it can), the items pulled but not yet received never exceed `in_flight_bound()`. Random
/// states vary how long the consumer reads, how often it pauses, and the work's unevenness.
pub fn bounded<E: FanOutFanIn + 'static>() {
    under_watchdog::<E>("bounded", |check| {
        for (workers, capacity) in [(1, 0), (2, 1), (4, 7), (3, 32)] {
            let engine: E = check.engine(workers, capacity);
            let bound = engine.in_flight_bound();
            let results_read = sized(check.vary(300, 50..=1_000));
            let pause_every = check.vary(50, 10..=100);
            let salt = check.vary(0, 1..=u64::MAX);
            check.case(format_args!(
                "workers={workers} capacity={capacity} in_flight_bound={bound}, endless input, \
                 slow consumer reading {results_read} results with a pause every {pause_every}, \
                 salt={salt:#x}"
            ));
            let probe = Probe::new();
            let work = probe.work(move |_, item: u64| {
                if salt != 0 {
                    uneven_work(item, salt);
                }
                item
            });
            check.run(&engine, probe.input(0u64..), work, |mut results| {
                // Give the pipeline time to fill as far as the engine lets it.
                thread::sleep(Duration::from_millis(20));
                for received in 1..=results_read {
                    if results.next().is_none() {
                        check.fail(format_args!(
                            "an endless input ended after {received} results"
                        ));
                    }
                    let in_flight = probe.receive();
                    check.ensure(in_flight <= bound, || {
                        format!(
                            "{in_flight} items in flight (pulled, result not yet received) after \
                             {received} results, above in_flight_bound() = {bound}"
                        )
                    });
                    if received % pause_every == 0 {
                        thread::sleep(Duration::from_millis(5));
                    }
                }
            });
        }
    });
}
