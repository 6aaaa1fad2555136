//! The README's list of bimodal figures: each row and scenario whose samples fell in two
//! groups, with the two, so that nobody reads its median as the time it usually takes.

use std::fmt::Write as _;

use fanout_harness::format;

use crate::data::Results;
use crate::data::modes::{GAP_OVER_SPREAD, MIN_RELATIVE_GAP, MIN_SHARE};

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
    let bimodal: Vec<String> = results
        .timings
        .iter()
        .filter_map(|timing| {
            let modes = timing.modes?;
            Some(format!(
                "- `{}`, {} at {}: {} per run ({:.0}% of samples) or {}",
                timing.row,
                timing.group,
                format::workers(timing.workers),
                format::duration(modes.low),
                modes.low_share * 100.0,
                format::duration(modes.high),
            ))
        })
        .collect();
    if bimodal.is_empty() {
        page.push_str("No figure was bimodal in this run.\n\n");
    } else {
        let _ = writeln!(page, "{}\n", bimodal.join("\n"));
    }
    page
}
