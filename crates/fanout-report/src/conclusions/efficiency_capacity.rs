//! How deep the queues must be for the workers to keep the cores busy: efficiency by
//! capacity, from the `efficiency-capacity` bench, against the project's target of 0.9 at
//! workers = cores.

use crate::charts::efficiency_capacity::TARGET;
use crate::conclusions::{Finding, list};
use crate::data::Results;
use crate::data::efficiency_capacity::{CapacityEfficiency, capacities, rows_of};
use crate::data::rows;
use crate::format;
use crate::output::markdown;

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
            .map(CapacityEfficiency::interval)
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
        .map(|interval| interval.value)
        .collect();
    let (low, high) = at_default
        .iter()
        .fold((f64::INFINITY, f64::NEG_INFINITY), |(low, high), &value| {
            (low.min(value), high.max(value))
        });
    let mut verdict = format!(
        "**Verdict:** at the default capacity {default_capacity} the engines reach {} to {}",
        format::significant(low),
        format::significant(high),
    );
    if !reached.is_empty() {
        verdict.push_str(&format!("; the target is reached by {}", list(&reached)));
    }
    if !never.is_empty() {
        verdict.push_str(&format!(
            "; not within capacity {deepest} by {}",
            list(&never)
        ));
    }
    verdict.push('.');
    let rows: Vec<Vec<String>> = rows_of(points)
        .into_iter()
        .map(|row| {
            let mut cells = vec![format!("`{row}`")];
            cells.extend(capacities.iter().map(|&capacity| {
                at(row, capacity).map_or_else(String::new, |interval| {
                    interval.written(format::significant)
                })
            }));
            cells
        })
        .collect();
    let mut header = vec![String::from("row \\ capacity")];
    header.extend(capacities.iter().map(usize::to_string));
    Some(Finding {
        heading: String::from("How deep the queues must be to keep the cores busy"),
        paragraphs: vec![
            format!(
                "Efficiency on `{}` at {} workers by queue capacity, the median of the \
                 bench's runs with their quartiles in brackets; the target is {}, reached \
                 where the whole spread is at or above it:",
                first.workload,
                first.workers,
                format::significant(TARGET)
            ),
            markdown::table(&header, &rows),
            verdict,
        ],
    })
}

/// The smallest capacity at which `row`'s whole spread reaches the target, if any.
fn first_reaching(points: &[CapacityEfficiency], row: &str) -> Option<usize> {
    points
        .iter()
        .filter(|point| point.row == row && point.interval().low >= TARGET)
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
