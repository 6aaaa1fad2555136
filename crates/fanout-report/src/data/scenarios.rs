//! [`Scenario`]: one question every engine answers with one figure (throughput on a
//! workload at workers = cores, a capacity, a payload, start-up, tail latency), so that
//! each can be put against the best: the overview's rows and the README's verdicts.

use crate::data::Results;
use crate::data::group::Group;
use crate::data::interval::Interval;
use crate::data::latency::{LatencyRow, Pacing};
use crate::data::rows;
use crate::data::timing::Timing;

/// One scenario's figure for each engine measured in it.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Scenario {
    /// What was measured, in words: `throughput, spin-10us`.
    pub(crate) name: String,
    /// The figures' unit: `items/s` or `ns`.
    pub(crate) unit: &'static str,
    /// Whether a bigger figure is better (throughput) or worse (time).
    pub(crate) higher_is_better: bool,
    /// Each engine's figure with its interval, in the registry's order.
    pub(crate) values: Vec<(&'static str, Interval)>,
    /// `sequential`'s throughput on the same items, where the scenario is a throughput
    /// one that measured it: the figure every engine must beat for fanning out to pay.
    pub(crate) sequential: Option<Interval>,
}

impl Scenario {
    /// The best engine and its figure.
    pub(crate) fn best(&self) -> Option<(&'static str, f64)> {
        self.ranked().first().map(|&(engine, _)| {
            let value = self.value(engine).unwrap_or(f64::NAN);
            (engine, value)
        })
    }

    /// `engine`'s figure.
    pub(crate) fn value(&self, engine: &str) -> Option<f64> {
        self.values
            .iter()
            .find(|(name, _)| *name == engine)
            .map(|&(_, value)| value.value)
    }

    /// `engine`'s figure with its interval turned so that bigger is better, for verdicts.
    pub(crate) fn goodness_interval(&self, engine: &str) -> Option<Interval> {
        let &(_, value) = self.values.iter().find(|(name, _)| *name == engine)?;
        Some(if self.higher_is_better {
            value
        } else {
            value.inverse()
        })
    }

    /// `engine` against the best: 1.0 is the best, 0.5 half as good (half the throughput,
    /// or twice the time).
    pub(crate) fn relative(&self, engine: &str) -> Option<f64> {
        let value = self.value(engine)?;
        let best = self
            .values
            .iter()
            .map(|&(_, value)| self.goodness(value.value));
        let best = best.fold(f64::NEG_INFINITY, f64::max);
        Some(self.goodness(value) / best)
    }

    /// Engines with their figure relative to the best, best first.
    pub(crate) fn ranked(&self) -> Vec<(&'static str, f64)> {
        let mut ranked: Vec<(&'static str, f64)> = self
            .values
            .iter()
            .filter_map(|&(engine, _)| Some((engine, self.relative(engine)?)))
            .collect();
        ranked.sort_by(|a, b| b.1.total_cmp(&a.1));
        ranked
    }

    /// A figure turned so that bigger is better.
    fn goodness(&self, value: f64) -> f64 {
        if self.higher_is_better {
            value
        } else {
            1.0 / value
        }
    }
}

/// Every scenario the run measured with at least two engines, throughput first.
pub(crate) fn scenarios(results: &Results) -> Vec<Scenario> {
    let cores = results.cores();
    let mut scenarios = Vec::new();
    let throughput = |group: Group, name: String| Scenario {
        values: engine_values(|engine| results.at_cores(&group, engine).map(Timing::rate)),
        sequential: results.sequential(&group).map(Timing::rate),
        name,
        unit: "items/s",
        higher_is_better: true,
    };
    for workload in results.workloads() {
        let name = format!("throughput, {workload}, {cores} workers");
        scenarios.push(throughput(Group::Throughput(workload), name));
    }
    for capacity in results.capacities() {
        let name = format!("capacity {capacity}, noop, {cores} workers");
        scenarios.push(throughput(Group::Capacity(capacity), name));
    }
    for payload in results.payloads() {
        let name = format!("{payload}, {cores} workers");
        scenarios.push(throughput(Group::Payload(payload), name));
    }
    for start in results.startups() {
        let group = Group::Startup(start.clone());
        scenarios.push(Scenario {
            name: format!("first result, {}", start.replace('-', " ")),
            unit: "ns",
            higher_is_better: false,
            values: engine_values(|engine| {
                results.at_cores(&group, engine).map(|timing| timing.median)
            }),
            sequential: None,
        });
    }
    let latency = |name: String, pick: &dyn Fn(&LatencyRow) -> Option<u64>| Scenario {
        name,
        unit: "ns",
        higher_is_better: false,
        values: engine_values(|engine| {
            let row = results.latency_of(engine)?;
            // The latency bench runs each row once: a point, which ties unless it lies
            // outside another's interval.
            pick(row).map(|nanos| Interval::point(nanos as f64))
        }),
        sequential: None,
    };
    if let Some(row) = results.latency.first() {
        let workload = &row.workload;
        scenarios.push(latency(
            format!("p99 latency, closed loop, {workload}"),
            &|row| Some(row.pacing(Pacing::Closed)?.percentiles.p99),
        ));
        if let Some(busiest) = row.busiest_open_loop() {
            let pacing = busiest.pacing;
            scenarios.push(latency(
                format!("p99 latency, {}, {workload}", pacing.label()),
                &|row| Some(row.pacing(pacing)?.percentiles.p99),
            ));
        }
    }
    scenarios.retain(|scenario| scenario.values.len() >= 2);
    scenarios
}

fn engine_values(figure: impl Fn(&str) -> Option<Interval>) -> Vec<(&'static str, Interval)> {
    rows::engines()
        .filter_map(|engine| {
            let value = figure(engine)?;
            (value.value.is_finite() && value.low > 0.0).then_some((engine, value))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn relative_figures_put_the_best_at_one_either_way() {
        let time = Scenario {
            name: "startup".into(),
            unit: "ns",
            higher_is_better: false,
            values: vec![
                ("crossbeam", Interval::point(100.0)),
                ("flume", Interval::point(200.0)),
            ],
            sequential: None,
        };
        assert_eq!(time.best(), Some(("crossbeam", 100.0)));
        assert_eq!(time.relative("flume"), Some(0.5));
        let speed = Scenario {
            higher_is_better: true,
            ..time
        };
        assert_eq!(speed.best(), Some(("flume", 200.0)));
        assert_eq!(speed.ranked(), [("flume", 1.0), ("crossbeam", 0.5)]);
    }
}
