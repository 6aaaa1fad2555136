//! The README's list of bimodal figures: each row and scenario whose samples fell in two
//! groups, with the two, so that nobody reads its median as the time it usually takes.

use std::fmt::Write as _;

use fanout_harness::format;

use crate::data::Results;
use crate::data::modes::{GAP_OVER_SPREAD, MIN_RELATIVE_GAP, MIN_SHARE};
use crate::output::markdown;

/// The section, or nothing where no benchmark left criterion's raw samples.
pub(crate) fn section(results: &Results) -> String {
    let sampled = results
        .timings
        .iter()
        .filter(|timing| timing.sampled)
        .count();
    if sampled == 0 {
        return String::new();
    }
    let mut page = String::from("## Bimodal figures\n\n");
    let _ = writeln!(
        page,
        "A figure is bimodal when its samples (criterion's `sample.json`, read for {sampled} \
         of {} benchmarks) fall in two groups: each holds at least {:.0}% of them, and the \
         widest gap between the groups is over {GAP_OVER_SPREAD} times the spread inside \
         either and at least {:.0}% of the faster one. Its interval is stretched over both \
         groups, so it wins a verdict only where both of them would.\n",
        results.timings.len(),
        MIN_SHARE * 100.0,
        MIN_RELATIVE_GAP * 100.0,
    );
    let rows: Vec<Vec<String>> = results
        .timings
        .iter()
        .filter_map(|timing| {
            let modes = timing.modes?;
            Some(vec![
                format!("`{}`", timing.row),
                timing.group.to_string(),
                timing.workers.to_string(),
                format::duration(modes.low),
                format!("{:.0}%", modes.low_share * 100.0),
                format::duration(modes.high),
            ])
        })
        .collect();
    if rows.is_empty() {
        page.push_str("No figure was bimodal in this run.\n\n");
    } else {
        let header = [
            "row",
            "group",
            "workers",
            "fast mode per run",
            "its share",
            "slow mode per run",
        ];
        let _ = writeln!(page, "{}\n", markdown::table(&header, &rows));
    }
    page
}
