//! Fairness under `skewed`: each worker's share of the items, one stacked bar per row,
//! with the even split marked and the spread (CV) beside each row's name.

use std::path::Path;

use fanout_harness::Workload;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use crate::charts::canvas::{self, FONT};
use crate::charts::palette::IDEAL_COLOR;
use crate::charts::{Chart, DrawResult, Drawer, axes};
use crate::data::Results;
use crate::data::measures::MeasureRow;
use crate::data::rows;

/// The chart.
pub(crate) const DRAWER: Drawer = Drawer {
    chart: Chart {
        file: "fairness.svg",
        title: "Each worker's share of the items under skewed work",
        about: "Under `skewed` (90% of items spin 1 µs, 10% spin 50 µs), the items each worker \
                took, as shares of all items, one bar per row at workers = cores; the thin \
                grey lines mark an even split. Beside each name, the coefficient of variation of \
                the per-worker counts (0 = even). With a shared queue a worker that drew slow \
                items takes fewer, so an even split of time need not be an even split of items.",
    },
    missing,
    draw,
};

const WIDTH: u32 = 1_000;

/// Two tones per worker that alternate, so neighbouring shares stay apart.
const WORKER_SHADES: [RGBColor; 4] = [
    RGBColor(70, 130, 180),
    RGBColor(176, 196, 222),
    RGBColor(46, 139, 87),
    RGBColor(152, 214, 172),
];

/// The rows measured under `skewed` with more than one worker, in the registry's order.
fn measured(results: &Results) -> Vec<&MeasureRow> {
    let skewed = Workload::Skewed.to_string();
    let mut measured: Vec<&MeasureRow> = results
        .measures
        .iter()
        .filter(|row| row.workload == skewed && row.shares().len() > 1)
        .collect();
    measured.sort_by_key(|row| rows::order(&row.row));
    measured
}

fn missing(results: &Results) -> Option<String> {
    measured(results).is_empty().then(|| {
        String::from(
            "no per-worker counts under `skewed` in `fanout/measures.jsonl`: run `cargo bench --bench measures`",
        )
    })
}

fn draw(results: &Results, path: &Path) -> DrawResult<()> {
    let measured = measured(results);
    let count = measured.len() as i32;
    let labels: Vec<String> = measured
        .iter()
        .map(|row| match row.fairness_cv {
            Some(cv) => format!("{}  (CV {:.3})", row.row, cv),
            None => row.row.clone(),
        })
        .collect();
    let label_refs: Vec<&str> = labels.iter().map(String::as_str).collect();
    let page = canvas::page(
        path,
        WIDTH,
        100 + 30 * count as u32,
        DRAWER.chart.title,
        &results.machine.subtitle(),
        Vec::new(),
    )?;
    let first = measured[0];
    let mut chart = ChartBuilder::on(&page.body)
        .caption(
            format!(
                "{}, {} workers, {} items a run",
                first.workload, first.workers, first.items
            ),
            (FONT, 16),
        )
        .margin(10)
        .x_label_area_size(40)
        .y_label_area_size(230)
        .build_cartesian_2d(0.0..100.0, axes::categories(measured.len()))?;
    canvas::mesh(&mut chart)
        .disable_y_mesh()
        .y_labels(labels.len() + 1)
        .y_label_formatter(&|value| axes::category(&label_refs, value))
        .x_desc("each worker's share of the items, % (grey lines: an equal count each)")
        .x_label_formatter(&|percent| format!("{percent:.0}%"))
        .draw()?;
    for (index, row) in measured.iter().enumerate() {
        let segment = axes::top_down(count, index);
        let shares = row.shares();
        let even = 100.0 / shares.len() as f64;
        let mut start = 0.0;
        for (position, &(worker, share)) in shares.iter().enumerate() {
            let end = start + share * 100.0;
            let mut rectangle = Rectangle::new(
                [
                    (start, SegmentValue::Exact(segment)),
                    (end, SegmentValue::Exact(segment + 1)),
                ],
                WORKER_SHADES[position % WORKER_SHADES.len()].filled(),
            );
            rectangle.set_margin(4, 4, 0, 0);
            chart.draw_series(std::iter::once(rectangle))?;
            if share * 100.0 > 9.0 {
                chart.draw_series(std::iter::once(Text::new(
                    format!("w{worker} {:.1}%", share * 100.0),
                    ((start + end) / 2.0, SegmentValue::CenterOf(segment)),
                    TextStyle::from((FONT, 11).into_font())
                        .pos(Pos::new(HPos::Center, VPos::Center)),
                )))?;
            }
            start = end;
        }
        for boundary in 1..shares.len() {
            let x = even * boundary as f64;
            chart.draw_series(std::iter::once(PathElement::new(
                vec![
                    (x, SegmentValue::Exact(segment)),
                    (x, SegmentValue::Exact(segment + 1)),
                ],
                ShapeStyle::from(&IDEAL_COLOR).stroke_width(1),
            )))?;
        }
    }
    page.finish()
}
