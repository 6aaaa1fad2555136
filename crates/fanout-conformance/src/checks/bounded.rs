//! Guarantee 3: pulled-but-not-received items never exceed `in_flight_bound()`.

use std::thread;
use std::time::Duration;

use fanout_core::FanOutFanIn;

use crate::probe::Probe;
use crate::watchdog::under_watchdog;

/// With an endless input and a consumer that keeps pausing (so every queue fills as far as
/// it can), the items pulled but not yet received never exceed `in_flight_bound()`.
pub fn bounded<E: FanOutFanIn + 'static>() {
    under_watchdog::<E>("bounded", |check| {
        for (workers, capacity) in [(1, 0), (2, 1), (4, 7), (3, 32)] {
            let engine: E = check.engine(workers, capacity);
            let bound = engine.in_flight_bound();
            check.case(format_args!(
                "workers={workers} capacity={capacity} in_flight_bound={bound}, \
                 endless input, slow consumer"
            ));
            let probe = Probe::new();
            let mut results = engine.run(probe.input(0u64..), probe.work(|_, item: u64| item));
            // Give the pipeline time to fill as far as the engine lets it.
            thread::sleep(Duration::from_millis(20));
            for received in 1..=300 {
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
                if received % 50 == 0 {
                    thread::sleep(Duration::from_millis(5));
                }
            }
        }
    });
}
