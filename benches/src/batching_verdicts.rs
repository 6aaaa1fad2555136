//! The adaptive engine's targets judged from the `batching` bench's own records: each
//! target's figures read back from the `time_over:<label>` and `efficiency` records, the
//! one that decides it named, and a markdown page of the verdicts ([`page`]) that the
//! bench writes beside `batching.jsonl` and the report links.
//!
//! A target is met when the whole 95% interval of its figure meets it, missed when the
//! whole interval misses it, otherwise not settled ([`Target::judge`]). A target over
//! several figures (every engine at every capacity, every worker count) is missed when
//! one of them is, and met only when every one the full bench measures was measured and
//! met; one whose figures this run did not measure at all is not measured.

use fanout_harness::measure::{Interval, Target, TargetVerdict};
use fanout_harness::rows::{RAYON_PAR_ITER, SEQUENTIAL};
use fanout_harness::{Record, format};

use crate::batching_plan::{
    ADAPTIVE, CAPACITIES, Figure, Label, PER_ITEM, PER_ITEM_WORKLOAD, SLEEP, SLEEP_ENGINES,
    SLEEP_WORKERS, WORK, other_engines,
};

/// One target and this run's verdict on it.
#[derive(Clone, Debug, PartialEq)]
pub struct Judged {
    /// The target in words.
    pub claim: String,
    /// The figure that decides it with its interval and, of several, which one it is;
    /// a dash when there is none.
    pub figure: String,
    /// The verdict; `None` when this run measured none of its figures.
    pub verdict: Option<TargetVerdict>,
}

/// The page of verdicts for `records` (a run's `batching.jsonl`): a table of every target
/// and, last, the line that counts them, which the report quotes.
pub fn page(records: &[Record]) -> String {
    let judged = judge(records);
    let mut page = String::from("# adaptive's targets\n\n");
    let cores = cores(records).map_or_else(String::new, |cores| format!(" ({cores})"));
    page.push_str(&format!(
        "Judged by the `batching` bench from its own figures, at workers = cores{cores} unless \
         a target says otherwise. A time ratio is `{ADAPTIVE}`'s time per item over the other \
         row's, so below 1 it is faster; efficiency is its speed-up over `{SEQUENTIAL}` per \
         worker. Each figure is the median of alternating pairs with its 95% interval: a \
         target is met when the whole interval meets it, missed when the whole interval \
         misses it, otherwise not settled. A target over several figures names the worst; \
         it is met only when every figure the full bench takes was measured and met.\n\n"
    ));
    page.push_str("| target | figure | verdict |\n| --- | --- | --- |\n");
    for target in &judged {
        let verdict = target.verdict.map_or_else(
            || String::from("not measured"),
            |verdict| format!("**{verdict}**"),
        );
        page.push_str(&format!(
            "| {} | {} | {verdict} |\n",
            target.claim, target.figure
        ));
    }
    if let Some(record) = records.first() {
        page.push_str(&format!("\nMeasured on {}.\n", record.provenance.summary()));
    }
    page.push_str(&format!("\n{}\n", summary(&judged)));
    page
}

/// `Of 18 targets: 3 met, 2 missed, 4 not settled, 9 not measured.`
pub fn summary(judged: &[Judged]) -> String {
    let count = |verdict: Option<TargetVerdict>| {
        judged
            .iter()
            .filter(|target| target.verdict == verdict)
            .count()
    };
    format!(
        "Of {} targets: {} met, {} missed, {} not settled, {} not measured.",
        judged.len(),
        count(Some(TargetVerdict::Met)),
        count(Some(TargetVerdict::Missed)),
        count(Some(TargetVerdict::NotSettled)),
        count(None)
    )
}

/// Every target, judged from `records`, in the page's order.
pub fn judge(records: &[Record]) -> Vec<Judged> {
    let figures = Figures::of(records);
    let mut targets = Vec::new();
    for workload in WORK {
        targets.push(best_engine(&figures, workload));
    }
    for (workload, least) in [("spin-1us", 0.93), ("spin-10us", 0.93), ("skewed", 0.9)] {
        let mut claim = Claim::new(
            format!("`{workload}`: efficiency ≥ {}", format::significant(least)),
            Target::AtLeast(least),
            1,
        );
        if let Some(efficiency) = figures.efficiency(workload) {
            claim.part(String::new(), efficiency);
        }
        targets.push(claim.judged(Scale::Plain));
    }
    for (workload, most) in [
        ("spin-1us", 1.1),
        ("spin-10us", 1.1),
        ("skewed", 1.1),
        ("noop", 1.5),
    ] {
        let mut claim = Claim::new(
            format!(
                "`{workload}`: time ratio ≤ {} over `{RAYON_PAR_ITER}`",
                format::significant(most)
            ),
            Target::AtMost(most),
            1,
        );
        if let Some(ratio) = figures.at_cores(workload, RAYON_PAR_ITER, None, Figure::Throughput) {
            claim.part(String::new(), ratio);
        }
        targets.push(claim.judged(Scale::Times));
    }
    targets.push(one_worker(&figures));
    targets.push(sleep(&figures));
    for (claim, figure, most) in [
        (
            format!("`{PER_ITEM_WORKLOAD}`: closed-loop p99 ≤ 1.5x `{PER_ITEM}`'s"),
            Figure::ClosedLoopP99,
            1.5,
        ),
        (
            format!("first result from a warm engine no later than `{PER_ITEM}`'s"),
            Figure::WarmFirstResult,
            1.0,
        ),
        (
            format!(
                "`{PER_ITEM_WORKLOAD}` with a consumer spending 5 µs per result: time ratio ≤ 1 \
                 over `{PER_ITEM}`"
            ),
            Figure::SlowConsumer,
            1.0,
        ),
    ] {
        let mut claim = Claim::new(claim, Target::AtMost(most), 1);
        if let Some(ratio) = figures.at_cores(PER_ITEM_WORKLOAD, PER_ITEM, None, figure) {
            claim.part(String::new(), ratio);
        }
        targets.push(claim.judged(Scale::Times));
    }
    targets
}

/// On `workload`, throughput at least the best other engine's at its best capacity: the
/// time ratio over every other engine at every capacity at most 1.
fn best_engine(figures: &Figures<'_>, workload: &str) -> Judged {
    let engines = other_engines();
    let capacities: Vec<Option<usize>> =
        std::iter::once(None).chain(CAPACITIES.map(Some)).collect();
    let mut claim = Claim::new(
        format!(
            "`{workload}`: throughput at least the best other engine's at its best capacity \
             (time ratio ≤ 1 over each)"
        ),
        Target::AtMost(1.0),
        engines.len() * capacities.len(),
    );
    for engine in &engines {
        for &capacity in &capacities {
            if let Some(ratio) =
                figures.at_cores(workload, engine.name, capacity, Figure::Throughput)
            {
                let label = Label {
                    row: engine.name.to_owned(),
                    capacity,
                    figure: Figure::Throughput,
                    workers: None,
                };
                claim.part(format!("over `{label}`"), ratio);
            }
        }
    }
    claim.judged(Scale::Times)
}

/// At one worker, the time ratio over `sequential` at most 1.1 on every workload the
/// bench measures there.
fn one_worker(figures: &Figures<'_>) -> Judged {
    let workloads: Vec<&str> = WORK.iter().copied().chain([SLEEP]).collect();
    let mut claim = Claim::new(
        format!("1 worker: time ratio ≤ 1.1 over `{SEQUENTIAL}` on every workload"),
        Target::AtMost(1.1),
        workloads.len(),
    );
    for workload in workloads {
        if let Some(ratio) = figures.at(workload, 1, SEQUENTIAL, None, Figure::Throughput) {
            claim.part(format!("on `{workload}`"), ratio);
        }
    }
    claim.judged(Scale::Times)
}

/// On the sleep sweep, at every worker count, the time ratio over each engine at most
/// 1.1: within 1.1x of the best one at that count.
fn sleep(figures: &Figures<'_>) -> Judged {
    let (fewest, most) = (SLEEP_WORKERS[0], SLEEP_WORKERS[SLEEP_WORKERS.len() - 1]);
    let mut claim = Claim::new(
        format!(
            "`{SLEEP}`, {fewest} to {most} workers: time ratio ≤ 1.1 over the best other engine \
             at each count"
        ),
        Target::AtMost(1.1),
        SLEEP_WORKERS.len() * SLEEP_ENGINES.len(),
    );
    for workers in SLEEP_WORKERS {
        for engine in SLEEP_ENGINES {
            if let Some(ratio) = figures.at(SLEEP, workers, engine, None, Figure::Throughput) {
                claim.part(format!("over `{engine}` at {workers} workers"), ratio);
            }
        }
    }
    claim.judged(Scale::Times)
}

/// One comparison as the records give it.
struct Comparison<'a> {
    workload: &'a str,
    workers: usize,
    label: Label,
    ratio: Interval,
}

/// Every comparison of adaptive in a run's records, and its efficiencies.
struct Figures<'a> {
    comparisons: Vec<Comparison<'a>>,
    efficiencies: Vec<(&'a str, usize, Interval)>,
    cores: usize,
}

impl<'a> Figures<'a> {
    fn of(records: &'a [Record]) -> Figures<'a> {
        let adaptive: Vec<&Record> = records
            .iter()
            .filter(|record| record.engine == ADAPTIVE)
            .collect();
        // A figure and its `_low` and `_high` siblings; an end the records lack is the
        // figure itself, which only a whole interval on one side settles anyway.
        let interval = |of: &Record, low: &str, high: &str| {
            let sibling = |metric: &str| {
                adaptive
                    .iter()
                    .find(|record| {
                        record.workload == of.workload
                            && record.workers == of.workers
                            && record.metric == metric
                    })
                    .map_or(of.value, |record| record.value)
            };
            Interval {
                value: of.value,
                low: sibling(low),
                high: sibling(high),
            }
        };
        let mut comparisons = Vec::new();
        let mut efficiencies = Vec::new();
        for record in &adaptive {
            if let Some(label) = record.metric.strip_prefix("time_over:") {
                let Some(parsed) = Label::parse(label) else {
                    continue;
                };
                comparisons.push(Comparison {
                    workload: &record.workload,
                    workers: record.workers,
                    label: parsed,
                    ratio: interval(
                        record,
                        &format!("time_over_low:{label}"),
                        &format!("time_over_high:{label}"),
                    ),
                });
            } else if record.metric == "efficiency" {
                let efficiency = interval(record, "efficiency_low", "efficiency_high");
                efficiencies.push((record.workload.as_str(), record.workers, efficiency));
            }
        }
        Figures {
            comparisons,
            efficiencies,
            cores: cores(records).unwrap_or(1),
        }
    }

    /// Adaptive's time ratio over `row` on `workload` at `workers`.
    fn at(
        &self,
        workload: &str,
        workers: usize,
        row: &str,
        capacity: Option<usize>,
        figure: Figure,
    ) -> Option<Interval> {
        self.comparisons
            .iter()
            .find(|comparison| {
                comparison.workload == workload
                    && comparison.workers == workers
                    && comparison.label.row == row
                    && comparison.label.capacity == capacity
                    && comparison.label.figure == figure
            })
            .map(|comparison| comparison.ratio)
    }

    /// [`Figures::at`] at workers = cores.
    fn at_cores(
        &self,
        workload: &str,
        row: &str,
        capacity: Option<usize>,
        figure: Figure,
    ) -> Option<Interval> {
        self.at(workload, self.cores, row, capacity, figure)
    }

    /// Adaptive's efficiency on `workload` at workers = cores.
    fn efficiency(&self, workload: &str) -> Option<Interval> {
        self.efficiencies
            .iter()
            .find(|&&(name, workers, _)| name == workload && workers == self.cores)
            .map(|&(_, _, efficiency)| efficiency)
    }
}

/// The cores of the machine the records were measured on.
fn cores(records: &[Record]) -> Option<usize> {
    records.first().map(|record| record.provenance.cores)
}

/// How a target's figures are written.
#[derive(Clone, Copy)]
enum Scale {
    /// `1.02x (0.98x to 1.05x)`.
    Times,
    /// `0.93 (0.91 to 0.95)`.
    Plain,
}

/// A target and the figures this run measured of it.
struct Claim {
    claim: String,
    target: Target,
    /// How many figures the full bench measures of it.
    expected: usize,
    /// Each measured figure, with its phrase: `over `crossbeam@256``.
    parts: Vec<(String, Interval)>,
}

impl Claim {
    fn new(claim: String, target: Target, expected: usize) -> Claim {
        Claim {
            claim,
            target,
            expected,
            parts: Vec::new(),
        }
    }

    fn part(&mut self, phrase: String, figure: Interval) {
        self.parts.push((phrase, figure));
    }

    /// The verdict over every part, and the part that decides it: a missed one before one
    /// not settled before a met one, and among those the furthest on the wrong side.
    fn judged(self, scale: Scale) -> Judged {
        let Claim {
            claim,
            target,
            expected,
            parts,
        } = self;
        let badness = |figure: &Interval| match target.judge(figure) {
            TargetVerdict::Met => 0,
            TargetVerdict::NotSettled => 1,
            TargetVerdict::Missed => 2,
        };
        let wrongness = |figure: &Interval| match target {
            Target::AtMost(_) => figure.value,
            Target::AtLeast(_) => -figure.value,
        };
        let worst = parts.iter().max_by(|(_, a), (_, b)| {
            badness(a)
                .cmp(&badness(b))
                .then(wrongness(a).total_cmp(&wrongness(b)))
        });
        let Some((phrase, figure)) = worst else {
            return Judged {
                claim,
                figure: String::from("—"),
                verdict: None,
            };
        };
        let mut verdict = TargetVerdict::all(parts.iter().map(|(_, figure)| target.judge(figure)));
        let mut written = match scale {
            Scale::Times => figure.times(),
            Scale::Plain => figure.written(format::significant),
        };
        if !phrase.is_empty() {
            written = format!("{written} {phrase}");
        }
        if expected > 1 {
            written = format!("worst: {written}");
        }
        if parts.len() < expected {
            // A figure not measured could be the one that misses.
            if verdict == TargetVerdict::Met {
                verdict = TargetVerdict::NotSettled;
            }
            written = format!("{written}; {} of {expected} measured", parts.len());
        }
        Judged {
            claim,
            figure: written,
            verdict: Some(verdict),
        }
    }
}

#[cfg(test)]
mod tests {
    use fanout_harness::Subject;

    use super::*;

    const CORES: usize = 2;

    fn subject(workload: &str, workers: usize) -> Subject {
        Subject {
            engine: ADAPTIVE.to_owned(),
            workload: workload.to_owned(),
            workers,
            capacity: 2 * workers,
            payload: 8,
            items: 1000,
        }
    }

    /// The records of one comparison, as the bench writes them, on a machine of
    /// [`CORES`] cores.
    fn compared(
        workload: &str,
        workers: usize,
        label: &Label,
        (median, low, high): (f64, f64, f64),
    ) -> Vec<Record> {
        let subject = subject(workload, workers);
        let mut records = vec![
            subject.record(&format!("time_over:{label}"), median, "ratio"),
            subject.record(&format!("time_over_low:{label}"), low, "ratio"),
            subject.record(&format!("time_over_high:{label}"), high, "ratio"),
        ];
        for record in &mut records {
            record.provenance.cores = CORES;
        }
        records
    }

    fn throughput(row: &str, capacity: Option<usize>, workers: usize) -> Label {
        Label::new(row, capacity, Figure::Throughput, workers, CORES)
    }

    fn claimed<'a>(judged: &'a [Judged], start: &str) -> &'a Judged {
        judged
            .iter()
            .find(|target| target.claim.starts_with(start))
            .unwrap_or_else(|| panic!("no target `{start}`"))
    }

    #[test]
    fn a_run_with_no_figures_measures_nothing() {
        let judged = judge(&[]);
        assert_eq!(judged.len(), 18);
        assert!(judged.iter().all(|target| target.verdict.is_none()));
        let page = page(&[]);
        assert!(
            page.ends_with("\nOf 18 targets: 0 met, 0 missed, 0 not settled, 18 not measured.\n")
        );
        assert!(!page.contains("Measured on"));
    }

    #[test]
    fn every_engine_at_every_capacity_must_be_measured_to_meet_the_best_engine_target() {
        let mut records = Vec::new();
        for engine in other_engines() {
            for capacity in std::iter::once(None).chain(CAPACITIES.map(Some)) {
                let label = throughput(engine.name, capacity, CORES);
                records.extend(compared("noop", CORES, &label, (0.5, 0.4, 0.6)));
                // On seed, one of them is faster than adaptive beyond the noise.
                let seed = if engine.name == "flume" && capacity == Some(64) {
                    (1.2, 1.1, 1.3)
                } else {
                    (0.9, 0.8, 1.05)
                };
                records.extend(compared("seed", CORES, &label, seed));
            }
        }
        let crossbeam = throughput("crossbeam", Some(256), CORES);
        records.extend(compared("spin-1us", CORES, &crossbeam, (0.5, 0.4, 0.6)));
        let judged = judge(&records);

        let noop = claimed(&judged, "`noop`: throughput");
        assert_eq!(noop.verdict, Some(TargetVerdict::Met));
        assert!(
            noop.figure.starts_with("worst: 0.5x (0.4x to 0.6x) over `"),
            "{noop:?}"
        );
        let seed = claimed(&judged, "`seed`: throughput");
        assert_eq!(seed.verdict, Some(TargetVerdict::Missed));
        assert_eq!(seed.figure, "worst: 1.2x (1.1x to 1.3x) over `flume@64`");
        // Met where measured, but 23 engine rows were not: not settled.
        let spin = claimed(&judged, "`spin-1us`: throughput");
        assert_eq!(spin.verdict, Some(TargetVerdict::NotSettled));
        assert!(
            spin.figure
                .ends_with("over `crossbeam@256`; 1 of 24 measured"),
            "{spin:?}"
        );
        assert_eq!(claimed(&judged, "`skewed`: throughput").verdict, None);
    }

    #[test]
    fn efficiency_and_single_ratios_are_judged_by_their_whole_interval() {
        let mut records = Vec::new();
        let sequential = throughput(SEQUENTIAL, None, CORES);
        for (workload, efficiency) in [
            ("spin-1us", (0.95, 0.94, 0.96)),
            ("spin-10us", (0.93, 0.91, 0.95)),
            ("skewed", (0.85, 0.8, 0.89)),
        ] {
            let time_over = 1.0 / (efficiency.0 * CORES as f64);
            records.extend(compared(
                workload,
                CORES,
                &sequential,
                (time_over, time_over, time_over),
            ));
            let subject = subject(workload, CORES);
            for (metric, value) in [
                ("efficiency", efficiency.0),
                ("efficiency_low", efficiency.1),
                ("efficiency_high", efficiency.2),
            ] {
                let mut record = subject.record(metric, value, "ratio");
                record.provenance.cores = CORES;
                records.push(record);
            }
        }
        let rayon = throughput(RAYON_PAR_ITER, None, CORES);
        records.extend(compared("noop", CORES, &rayon, (1.6, 1.3, 2.4)));
        let p99 = Label::new(PER_ITEM, None, Figure::ClosedLoopP99, CORES, CORES);
        records.extend(compared(PER_ITEM_WORKLOAD, CORES, &p99, (1.2, 1.1, 1.4)));
        let first = Label::new(PER_ITEM, None, Figure::WarmFirstResult, CORES, CORES);
        records.extend(compared(PER_ITEM_WORKLOAD, CORES, &first, (1.3, 1.1, 1.5)));
        let judged = judge(&records);

        let met = claimed(&judged, "`spin-1us`: efficiency");
        assert_eq!(met.verdict, Some(TargetVerdict::Met));
        assert_eq!(met.figure, "0.95 (0.94 to 0.96)");
        let spin = claimed(&judged, "`spin-10us`: efficiency");
        assert_eq!(spin.verdict, Some(TargetVerdict::NotSettled));
        let skewed = claimed(&judged, "`skewed`: efficiency");
        assert_eq!(skewed.verdict, Some(TargetVerdict::Missed));
        let noop = claimed(&judged, "`noop`: time ratio ≤ 1.5");
        assert_eq!(noop.verdict, Some(TargetVerdict::NotSettled));
        assert_eq!(noop.figure, "1.6x (1.3x to 2.4x)");
        assert_eq!(
            claimed(&judged, "`spin-10us`: closed-loop p99").verdict,
            Some(TargetVerdict::Met)
        );
        assert_eq!(
            claimed(&judged, "first result").verdict,
            Some(TargetVerdict::Missed)
        );
        assert_eq!(
            claimed(&judged, "`spin-10us` with a consumer").verdict,
            None
        );
    }

    #[test]
    fn the_sleep_sweep_names_the_count_and_engine_that_decide_it() {
        let mut records = Vec::new();
        for workers in SLEEP_WORKERS {
            for engine in SLEEP_ENGINES {
                let ratio = match (workers, engine) {
                    (8, "tokio") => (1.12, 1.05, 1.2),
                    (32, "rayon") => (1.08, 1.0, 1.11),
                    _ => (1.0, 0.95, 1.05),
                };
                let label = throughput(engine, None, workers);
                records.extend(compared(SLEEP, workers, &label, ratio));
            }
        }
        let alone = throughput(SEQUENTIAL, None, 1);
        records.extend(compared("noop", 1, &alone, (1.02, 1.0, 1.04)));
        records.extend(compared(SLEEP, 1, &alone, (1.3, 1.2, 1.4)));
        let judged = judge(&records);

        let sleep = claimed(&judged, "`sleep-100us`, 1 to 64 workers");
        assert_eq!(sleep.verdict, Some(TargetVerdict::NotSettled));
        assert_eq!(
            sleep.figure,
            "worst: 1.12x (1.05x to 1.2x) over `tokio` at 8 workers"
        );
        let one = claimed(&judged, "1 worker");
        assert_eq!(one.verdict, Some(TargetVerdict::Missed));
        assert_eq!(
            one.figure,
            "worst: 1.3x (1.2x to 1.4x) on `sleep-100us`; 2 of 7 measured"
        );
    }

    #[test]
    fn the_report_fixtures_page_is_what_this_module_writes_from_its_records() {
        // The report's fixture links and quotes this page, so it must be this code's
        // output on the fixture's `batching.jsonl`; after a change here, write `page` of
        // those records over the fixture's page.
        let fixture = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../crates/fanout-report/tests/fixture/fanout");
        let records = fanout_harness::read_json_lines(&fixture.join("batching.jsonl")).unwrap();
        let written = std::fs::read_to_string(fixture.join("adaptive-targets.md")).unwrap();
        assert_eq!(written, page(&records));
    }

    #[test]
    fn the_page_is_a_table_with_the_machine_and_ends_in_its_tally() {
        let label = throughput(RAYON_PAR_ITER, None, CORES);
        let records = compared("spin-1us", CORES, &label, (1.0, 0.95, 1.05));
        let page = page(&records);
        assert!(page.starts_with("# adaptive's targets\n\n"), "{page}");
        assert!(page.contains("workers = cores (2)"), "{page}");
        assert!(
            page.contains("| `spin-1us`: time ratio ≤ 1.1 over `rayon-par-iter` | 1x (0.95x to 1.05x) | **met** |\n"),
            "{page}"
        );
        assert!(page.contains(
            "| first result from a warm engine no later than `crossbeam`'s | — | not measured |\n"
        ));
        assert!(page.contains("\nMeasured on "), "{page}");
        let last = page.lines().rev().find(|line| !line.is_empty()).unwrap();
        assert_eq!(
            last,
            "Of 18 targets: 1 met, 0 missed, 0 not settled, 17 not measured."
        );
    }
}
