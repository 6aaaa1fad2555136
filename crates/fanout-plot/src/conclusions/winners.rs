//! Who wins where: the best engine in every scenario and by how much, then who wins most
//! often and who stays closest to the best everywhere.

use crate::conclusions::{Finding, Verdict, figure, list};
use crate::data::Results;
use crate::data::rows;
use crate::data::scenarios::{Scenario, scenarios};
use crate::format;

/// The finding.
pub(crate) fn finding(results: &Results) -> Finding {
    let heading = String::from("Which engine wins where");
    let scenarios = scenarios(results);
    if scenarios.is_empty() {
        return Finding {
            heading,
            paragraphs: vec![String::from(
                "No scenario measured two engines or more: run `cargo bench`.",
            )],
        };
    }
    let mut paragraphs = vec![tally(results, &scenarios)];
    let lines: Vec<String> = scenarios.iter().filter_map(scenario_line).collect();
    paragraphs.push(lines.join("\n"));
    Finding {
        heading,
        paragraphs,
    }
}

/// One scenario's winner and margins, as a list item.
fn scenario_line(scenario: &Scenario) -> Option<String> {
    let ranked = scenario.ranked();
    let &(winner, _) = ranked.first()?;
    let best = figure(scenario.value(winner)?, scenario.unit);
    let mut line = format!("- **{}**: ", scenario.name);
    // Why two engines tie, or `None` when the winner is ahead beyond the noise.
    let tie_reason = |runner_up: &str| {
        let mine = scenario.goodness_interval(winner)?;
        let theirs = scenario.goodness_interval(runner_up)?;
        match Verdict::of(mine, theirs) {
            Verdict::Tie if !mine.has_width() && !theirs.has_width() => {
                Some("measured once each, nothing tells them apart")
            }
            Verdict::Tie => Some("their intervals overlap"),
            Verdict::Better | Verdict::Worse => None,
        }
    };
    let runner_up = ranked.get(1).copied();
    let tie = runner_up.and_then(|(runner_up, _)| Some((runner_up, tie_reason(runner_up)?)));
    match (runner_up, tie) {
        (_, Some((runner_up, reason))) => {
            line.push_str(&format!(
                "`{winner}` ({best}) and `{runner_up}` tie: {reason}"
            ));
        }
        (Some((runner_up, relative)), None) => line.push_str(&format!(
            "`{winner}` wins at {best}; the runner-up, `{runner_up}`, {}",
            behind(scenario, relative)
        )),
        (None, None) => line.push_str(&format!("only `{winner}` was measured ({best})")),
    }
    if ranked.len() > 2
        && let Some(&(last, relative)) = ranked.last()
    {
        line.push_str(&format!(
            "; the last, `{last}`, {}",
            behind(scenario, relative)
        ));
    }
    line.push('.');
    Some(line)
}

/// How far behind the best an engine `relative` as good is: `is 2x slower` or
/// `takes 2x as long`.
fn behind(scenario: &Scenario, relative: f64) -> String {
    let times = format::times(1.0 / relative);
    if scenario.higher_is_better {
        format!("is {times} slower")
    } else {
        format!("takes {times} as long")
    }
}

/// Wins per engine, and the engine whose worst scenario is closest to the best.
fn tally(results: &Results, scenarios: &[Scenario]) -> String {
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
        "Over the {} scenarios measured on {}, the best engine is {}.",
        scenarios.len(),
        results.machine.phrase(),
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
            " The steadiest is `{}`, never below {:.2} of the best (its worst: {}); \
             the least steady is `{}`, down to {:.2} ({}).",
            steadiest.0, steadiest.1, steadiest.2, shakiest.0, shakiest.1, shakiest.2
        ));
    }
    text
}
