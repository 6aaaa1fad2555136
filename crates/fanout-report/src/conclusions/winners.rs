//! Who wins where: the best engine in every scenario and by how much, then who wins most
//! often and who stays closest to the best everywhere.

use crate::conclusions::{Finding, Verdict, figure, list};
use crate::data::Results;
use crate::data::rows;
use crate::data::scenarios::{Scenario, scenarios};
use crate::format;
use crate::output::markdown;

/// The finding: one table row per scenario and the tally as its verdict.
pub(crate) fn finding(results: &Results) -> Finding {
    let heading = String::from("Which engine wins where");
    let scenarios = scenarios(results);
    if scenarios.is_empty() {
        return Finding::lacking(
            heading,
            "No scenario measured two engines or more: run `cargo bench`.",
        );
    }
    let rows: Vec<Vec<String>> = scenarios.iter().filter_map(row).collect();
    let table = markdown::table(
        &[
            "scenario",
            "best",
            "its figure",
            "runner-up",
            "runner-up behind by",
            "last",
            "last behind by",
            "best over `sequential`",
        ],
        &rows,
    );
    Finding {
        heading,
        paragraphs: vec![
            String::from(
                "Every scenario's engines ranked (\"behind by\": the best's throughput over \
                 theirs, or their time over the best's). A runner-up within the noise is a tie. \
                 On throughput, the best's throughput over `sequential`'s on the same items: \
                 **don't fan out** where `sequential` is faster beyond the noise.",
            ),
            table,
            tally(&scenarios),
        ],
    }
}

/// One scenario's row: the best, the runner-up (or the tie and why), the last.
fn row(scenario: &Scenario) -> Option<Vec<String>> {
    let ranked = scenario.ranked();
    let &(winner, _) = ranked.first()?;
    let behind = |relative: f64| format::times(1.0 / relative);
    let runner_up = match ranked.get(1) {
        Some(&(runner_up, relative)) => {
            let mine = scenario.goodness_interval(winner)?;
            let theirs = scenario.goodness_interval(runner_up)?;
            let gap = match Verdict::of(mine, theirs) {
                Verdict::Tie if !mine.has_width() && !theirs.has_width() => {
                    String::from("tie: measured once each")
                }
                Verdict::Tie => String::from("tie: intervals overlap"),
                Verdict::Better | Verdict::Worse => behind(relative),
            };
            [format!("`{runner_up}`"), gap]
        }
        None => [String::from("only one measured"), String::new()],
    };
    let last = match ranked.as_slice() {
        [_, _, .., (last, relative)] => [format!("`{last}`"), behind(*relative)],
        _ => [String::new(), String::new()],
    };
    let mut cells = vec![
        scenario.name.clone(),
        format!("**`{winner}`**"),
        figure(scenario.value(winner)?, scenario.unit),
    ];
    cells.extend(runner_up);
    cells.extend(last);
    cells.push(over_sequential(scenario, winner).unwrap_or_default());
    Some(cells)
}

/// The winner's throughput over `sequential`'s, and whether fanning out pays at all.
fn over_sequential(scenario: &Scenario, winner: &str) -> Option<String> {
    let sequential = scenario.sequential?;
    let mine = scenario.goodness_interval(winner)?;
    let ratio = mine.over(sequential).times_short();
    Some(if Verdict::of(sequential, mine) == Verdict::Better {
        format!("{ratio}: **don't fan out**")
    } else {
        ratio
    })
}

/// Wins per engine, and the engine whose worst scenario is closest to the best.
fn tally(scenarios: &[Scenario]) -> String {
    let mut wins: Vec<(&str, usize)> = rows::engines()
        .map(|engine| {
            let count = scenarios
                .iter()
                .filter(|scenario| scenario.best().is_some_and(|(best, _)| best == engine))
                .count();
            (engine, count)
        })
        .filter(|&(_, count)| count > 0)
        .collect();
    wins.sort_by_key(|&(_, count)| std::cmp::Reverse(count));
    let wins: Vec<String> = wins
        .iter()
        .map(|(engine, count)| format!("`{engine}` in {count}"))
        .collect();
    let mut text = format!(
        "**Verdict:** best of {} scenarios: {}.",
        scenarios.len(),
        list(&wins)
    );
    // Each engine's worst showing: its lowest figure relative to the best.
    let worst: Vec<(&str, f64, &str)> = rows::engines()
        .filter_map(|engine| {
            scenarios
                .iter()
                .filter_map(|scenario| Some((scenario.relative(engine)?, scenario.name.as_str())))
                .min_by(|a, b| a.0.total_cmp(&b.0))
                .map(|(relative, name)| (engine, relative, name))
        })
        .collect();
    let steadiest = worst.iter().max_by(|a, b| a.1.total_cmp(&b.1));
    let shakiest = worst.iter().min_by(|a, b| a.1.total_cmp(&b.1));
    if let (Some(steadiest), Some(shakiest)) = (steadiest, shakiest)
        && steadiest.0 != shakiest.0
    {
        text.push_str(&format!(
            " Steadiest `{}`, never below {:.2} of the best ({}); least steady `{}`, down to {:.2} ({}).",
            steadiest.0, steadiest.1, steadiest.2, shakiest.0, shakiest.1, shakiest.2
        ));
    }
    text
}
