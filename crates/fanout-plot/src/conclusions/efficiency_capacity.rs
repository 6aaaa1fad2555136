//! How deep the queues must be for the workers to keep the cores busy: efficiency by
//! capacity, from the `efficiency-capacity` bench, against the project's target of 0.9 at
//! workers = cores.

use crate::charts::efficiency_capacity::TARGET;
use crate::conclusions::{Finding, list};
use crate::data::Results;
use crate::data::efficiency_capacity::{CapacityEfficiency, capacities, rows_of};
use crate::data::rows;
use crate::format;

/// The finding, or none when the `efficiency-capacity` bench was not run.
pub(crate) fn finding(results: &Results) -> Option<Finding> {
    let points = &results.efficiency_by_capacity;
    let first = points.first()?;
    let capacities = capacities(points);
    let default_capacity = *capacities.first()?;
    let deepest = *capacities.last()?;
    let engines: Vec<&str> = rows_of(points)
        .into_iter()
        .filter(|row| rows::is_engine(row))
        .collect();
    let at = |row: &str, capacity: usize| {
        points
            .iter()
            .find(|point| point.row == row && point.capacity == capacity)
            .map(|point| point.efficiency)
    };
    let mut reached = Vec::new();
    let mut never = Vec::new();
    for &engine in &engines {
        match first_reaching(points, engine) {
            Some(capacity) => reached.push(format!("`{engine}` from capacity {capacity}")),
            None => never.push(format!(
                "`{engine}` ({} at most)",
                format::significant(best(points, engine))
            )),
        }
    }
    let at_default: Vec<f64> = engines
        .iter()
        .filter_map(|engine| at(engine, default_capacity))
        .collect();
    let (low, high) = at_default
        .iter()
        .fold((f64::INFINITY, f64::NEG_INFINITY), |(low, high), &value| {
            (low.min(value), high.max(value))
        });
    let mut summary = format!(
        "On `{}` at {} workers on {}, with the default capacity of {default_capacity} the \
         engines' efficiency is {} to {}; the target is {}.",
        first.workload,
        first.workers,
        results.machine.phrase(),
        format::significant(low),
        format::significant(high),
        format::significant(TARGET)
    );
    if !reached.is_empty() {
        summary.push_str(&format!(" It is reached by {}.", list(&reached)));
    }
    if !never.is_empty() {
        summary.push_str(&format!(
            " It is not reached within capacity {deepest} by {}.",
            list(&never)
        ));
    }
    let lines: Vec<String> = rows_of(points)
        .into_iter()
        .map(|row| {
            let figures: Vec<String> = capacities
                .iter()
                .filter_map(|&capacity| {
                    at(row, capacity)
                        .map(|value| format!("{} at {capacity}", format::significant(value)))
                })
                .collect();
            format!("- `{row}`: {}.", figures.join(", "))
        })
        .collect();
    Some(Finding {
        heading: String::from("How deep the queues must be to keep the cores busy"),
        paragraphs: vec![summary, lines.join("\n")],
    })
}

/// The smallest capacity at which `row` reaches the target, if any.
fn first_reaching(points: &[CapacityEfficiency], row: &str) -> Option<usize> {
    points
        .iter()
        .filter(|point| point.row == row && point.efficiency >= TARGET)
        .map(|point| point.capacity)
        .min()
}

/// `row`'s best efficiency over the capacities.
fn best(points: &[CapacityEfficiency], row: &str) -> f64 {
    points
        .iter()
        .filter(|point| point.row == row)
        .map(|point| point.efficiency)
        .fold(0.0, f64::max)
}
