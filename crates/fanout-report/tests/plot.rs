//! The whole plot on the checked-in fixture and on broken or partial bench folders: every
//! chart is well-formed SVG with its title and its data, the README embeds every chart,
//! missing groups are named, and bad input is an error that names the file.

use std::fs;
use std::path::{Path, PathBuf};

use fanout_report::{Options, Report, run};

/// The CPU the fixture's newest records name (its async and distributed runs): the
/// machine every subtitle and the break-even name.
const FIXTURE_CPU: &str = "Intel(R) Xeon(R) Processor";

fn fixture() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixture")
}

/// A fresh, empty folder for one test, under the system's temporary folder, removed
/// when the test ends, passed or failed.
fn scratch(name: &str) -> Scratch {
    let folder = std::env::temp_dir().join(format!("fanout-report-{name}-{}", std::process::id()));
    let _ = fs::remove_dir_all(&folder);
    fs::create_dir_all(&folder).unwrap();
    Scratch(folder)
}

/// See [`scratch`].
struct Scratch(PathBuf);

impl std::ops::Deref for Scratch {
    type Target = Path;
    fn deref(&self) -> &Path {
        &self.0
    }
}

impl AsRef<Path> for Scratch {
    fn as_ref(&self) -> &Path {
        &self.0
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = fs::remove_dir_all(&self.0);
    }
}

fn plot(bench_dir: &Path, out_dir: &Path) -> Result<Report, fanout_report::Error> {
    run(&Options {
        bench_dir: bench_dir.to_owned(),
        out_dir: out_dir.to_owned(),
    })
}

/// The README and then the appendix, as one text: the tests look for a section wherever
/// the report put it.
fn pages(report: &Report) -> String {
    fs::read_to_string(&report.readme).unwrap()
        + "\n"
        + &fs::read_to_string(&report.appendix).unwrap()
}

/// Every `![title](file)` on the page.
fn embedded_charts(readme: &str) -> Vec<(String, String)> {
    readme
        .lines()
        .filter_map(|line| {
            let rest = line.strip_prefix("![")?;
            let (title, rest) = rest.split_once("](")?;
            let file = rest.strip_suffix(')')?;
            Some((title.to_owned(), file.to_owned()))
        })
        .collect()
}

/// The fields of one CSV line: commas outside quotes, plus one.
fn field_count(line: &str) -> usize {
    let mut quoted = false;
    let mut count = 1;
    for character in line.chars() {
        match character {
            '"' => quoted = !quoted,
            ',' if !quoted => count += 1,
            _ => {}
        }
    }
    count
}

/// The colour in a `#RRGGBB` attribute, if it is one with a hue: data is drawn in
/// colour, axes, grid and text in black and greys.
fn is_colourful(value: &str) -> bool {
    let Some(hex) = value.strip_prefix('#').filter(|hex| hex.len() == 6) else {
        return false;
    };
    let channels: Vec<u8> = (0..3)
        .filter_map(|index| u8::from_str_radix(&hex[index * 2..index * 2 + 2], 16).ok())
        .collect();
    channels.len() == 3 && channels.iter().max().unwrap() - channels.iter().min().unwrap() > 30
}

/// The vertical positions an SVG shape covers.
fn heights(node: roxmltree::Node<'_, '_>) -> Vec<f64> {
    let number = |name: &str| node.attribute(name).and_then(|value| value.parse().ok());
    match node.tag_name().name() {
        "circle" => number("cy").into_iter().collect(),
        "rect" => number("y").into_iter().collect(),
        "line" => number("y1").into_iter().chain(number("y2")).collect(),
        "polyline" | "polygon" => node
            .attribute("points")
            .unwrap_or_default()
            .split_whitespace()
            .filter_map(|point| point.split_once(',')?.1.parse().ok())
            .collect(),
        _ => Vec::new(),
    }
}

/// Checks one chart: well-formed, sized, titled, subtitled with the machine, and with
/// coloured marks between the title band and the legend band, where only data goes.
fn check_chart(path: &Path, title: &str, cpu: &str) {
    let name = path.display();
    let text = fs::read_to_string(path).unwrap_or_else(|error| panic!("{name}: {error}"));
    let document = roxmltree::Document::parse(&text)
        .unwrap_or_else(|error| panic!("{name}: not well-formed XML: {error}"));
    let root = document.root_element();
    assert_eq!(root.tag_name().name(), "svg", "{name}");
    let height: f64 = root
        .attribute("height")
        .and_then(|height| height.parse().ok())
        .unwrap_or_else(|| panic!("{name}: no height"));
    assert!(height > 200.0, "{name}: {height} px high");
    let texts: Vec<&str> = document
        .descendants()
        .filter(|node| node.has_tag_name("text"))
        .filter_map(|node| node.text())
        .map(str::trim)
        .collect();
    assert!(
        texts.contains(&title),
        "{name}: no title `{title}` in {texts:?}"
    );
    assert!(
        texts
            .iter()
            .any(|text| text.starts_with(cpu) && text.contains("commit")),
        "{name}: no subtitle with the CPU `{cpu}` and the commit"
    );
    // The header takes the top 62 px; the legend at most the bottom 120.
    let data_marks = document
        .descendants()
        .filter(|node| {
            let coloured = ["stroke", "fill"]
                .iter()
                .any(|attribute| node.attribute(*attribute).is_some_and(is_colourful));
            coloured
                && heights(*node)
                    .iter()
                    .any(|&y| y > 62.0 && y < height - 120.0)
        })
        .count();
    assert!(data_marks > 0, "{name}: no data drawn");
}

#[test]
fn the_fixture_plots_into_well_formed_charts_csv_and_a_readme() {
    let out = scratch("fixture");
    let report = plot(&fixture(), &out).unwrap();
    assert!(report.missing.is_empty(), "{:?}", report.missing);
    assert!(report.charts.len() >= 13, "{:?}", report.charts);

    let readme = pages(&report);
    let embedded = embedded_charts(&readme);
    let mut drawn: Vec<String> = report
        .charts
        .iter()
        .map(|path| path.file_name().unwrap().to_string_lossy().into_owned())
        .collect();
    let mut on_page: Vec<String> = embedded.iter().map(|(_, file)| file.clone()).collect();
    drawn.sort();
    on_page.sort();
    assert_eq!(
        drawn, on_page,
        "every chart drawn, and only those, is on the page"
    );
    for (title, file) in &embedded {
        check_chart(&out.join(file), title, FIXTURE_CPU);
    }

    for heading in [
        "## Provenance",
        "## Conclusions",
        "### Which engine wins where",
        "### What streaming costs against `rayon-par-iter`",
        "automatic load balancing",
        "The seed's unbuffered channels",
        "## Summary per workload",
        "### `skewed`",
        "### How deep the queues must be to keep the cores busy",
    ] {
        assert!(readme.contains(heading), "README lacks `{heading}`");
    }
    assert!(readme.contains("cargo bench") && readme.contains("scripts/plot.sh"));
    assert!(readme.contains("commit `"), "the page names the commit");
    // The contract bench's paired figures: a verdict on the target and one line per engine.
    assert!(
        readme.contains("Paired by the `contract` bench"),
        "{readme}"
    );
    assert!(readme.contains("the target (at most 1.25x on `noop`) is "));
    assert!(readme.contains("| `rayon` | `rayon-reference` | "));
    let paired = fs::read_to_string(out.join("contract_paired.csv")).unwrap();
    assert_eq!(
        paired.lines().count(),
        1 + 6 + 3,
        "a header, six engines and three async engines: {paired}"
    );
    // The seed in Go: the `go` bench's pairs, the throughput groups' Go rows, and the
    // seed's claims judged on them, each with a verdict.
    let go = section_of(&readme, "## The seed in Go, against its ports");
    for words in [
        "Paired by the `go` bench",
        "| `noop` | `go-seed` | 2 | ",
        "**Verdict:** of 18 paired comparisons, the Go row is faster beyond the noise in ",
        "On `noop` at 2 workers, the seed in Go takes ",
        "From the throughput bench",
        "On sleep workloads the Go rows wait on Go's timer",
        "\"each worker has its own result channel, preventing blocking\", in Go",
        "| `go-seed` | ",
        "The seed's claim of automatic load balancing, in Go",
        "The seed's unbuffered channels, in Go",
    ] {
        assert!(go.contains(words), "the Go section lacks `{words}`:\n{go}");
    }
    assert!(out.join("go.svg").exists());
    // Efficiency by capacity: its chart and its table, named alike.
    assert!(out.join("efficiency-capacity.svg").exists());
    let by_capacity = fs::read_to_string(out.join("efficiency_capacity.csv")).unwrap();
    assert!(
        by_capacity.starts_with(
            "workload,row,kind,workers,capacity,efficiency,efficiency_low,efficiency_high\n"
        ) && by_capacity.lines().count() > 1,
        "{by_capacity}"
    );
    // adaptive's targets: the `batching` bench's page copied as it is, linked, and its
    // tally quoted.
    let section = section_of(&readme, "## adaptive's targets");
    let summary = "Of 18 targets: 1 met, 1 missed, 3 not settled, 13 not measured.";
    assert!(
        section.contains("[`adaptive-targets.md`](adaptive-targets.md). ")
            && section.contains(summary),
        "{section}"
    );
    assert_eq!(
        fs::read_to_string(out.join("adaptive-targets.md")).unwrap(),
        fs::read_to_string(fixture().join("fanout/adaptive-targets.md")).unwrap()
    );
    // The endless input's records are not a workload of the measures table.
    let measures = fs::read_to_string(out.join("measures.csv")).unwrap();
    assert!(!measures.contains("endless"), "{measures}");
    assert!(
        !readme.contains("NaN") && !readme.contains("inf"),
        "{readme}"
    );

    for path in &report.tables {
        let text = fs::read_to_string(path).unwrap();
        let mut lines = text.lines();
        let columns = field_count(lines.next().unwrap());
        let rows: Vec<&str> = lines.collect();
        assert!(!rows.is_empty(), "{}: no rows", path.display());
        for row in rows {
            assert_eq!(field_count(row), columns, "{}: {row}", path.display());
        }
    }
}

#[test]
fn the_async_and_distributed_verdicts_name_rows_and_figures() {
    let out = scratch("async-distributed");
    let report = plot(&fixture(), &out).unwrap();
    for chart in ["async.svg", "distributed.svg"] {
        assert!(out.join(chart).exists(), "{chart} is drawn");
    }
    let readme = pages(&report);

    // Threads or async: the timer sleep is judged by Little's law, not as a race against
    // threads that sleep less; the echo server's verdict names the side that wins where;
    // the Little's-law target is judged with the lowest share and the row that has it.
    let threads_or_async = section_of(&readme, "### Threads or async for I/O-bound fan-out");
    assert!(
        threads_or_async.contains(
            "**Verdict:** on `async-sleep-1ms` async is judged by Little's law, not against \
             threads (tokio's 1 ms sleep took "
        ) && threads_or_async.contains("; on `tcp-echo` the faster side is "),
        "{threads_or_async}"
    );
    let little = threads_or_async
        .lines()
        .find(|line| line.contains("the target (best async engine on `async-sleep-1ms`"))
        .unwrap_or_else(|| panic!("no Little's-law verdict:\n{threads_or_async}"));
    assert!(
        ["**met**", "**missed**", "**not settled**"]
            .iter()
            .any(|verdict| little.contains(verdict))
            && ["(`tokio-tasks`)", "(`joinset`)", "(`buffer-unordered`)"]
                .iter()
                .any(|row| little.contains(row)),
        "{little}"
    );
    assert!(
        threads_or_async.contains("on `tcp-echo` every async engine at c = 256")
            || threads_or_async.contains("**not met**, `"),
        "{threads_or_async}"
    );

    // The async engines' costs: each against its reference, buffer-unordered on CPU
    // work, and CPU work on the runtime against moved off it, each with a figure.
    let costs = section_of(&readme, "### What the async engines cost");
    for words in [
        "against their references on `async-noop` (target at most 1.25x): `tokio-tasks` ",
        "on `spin-10us` `buffer-unordered` reaches ",
        "of `tokio-tasks`'s throughput at worst at c >= 2 cores (c = ",
        "CPU work left on the runtime runs at `tokio-tasks` ",
    ] {
        assert!(costs.contains(words), "lacks `{words}`:\n{costs}");
    }

    // Where distribution pays: the transport's cost per item, the efficiency target and
    // the break-even as a figure, with the machine it holds on.
    let distributed = section_of(&readme, "### Where distribution pays");
    assert!(
        distributed.contains("on `noop` NATS costs, per item above in-process crossbeam, ")
            && distributed.contains("efficiency on `spin-1ms` at 2 processes is "),
        "{distributed}"
    );
    let break_even = distributed
        .split(&format!(
            "**break-even** on {FIXTURE_CPU} with 2 logical cores"
        ))
        .nth(1)
        .unwrap_or_else(|| panic!("no break-even with the machine:\n{distributed}"));
    assert!(
        [" µs", " ms", "`noop`"]
            .iter()
            .any(|unit| break_even.contains(unit))
            && break_even.contains("at 1 process"),
        "{break_even}"
    );

    // Their CSV files: every async row with its interval, every distributed point.
    let table = fs::read_to_string(out.join("async.csv")).unwrap();
    assert!(
        table.starts_with("workload,row,kind,workers,items,nanos_per_run,")
            && table.contains(",futures,")
            && table.contains(",threads,"),
        "{table}"
    );
    let sleep_rows: Vec<&str> = table
        .lines()
        .filter(|line| line.starts_with("async-sleep-1ms,") && line.contains(",futures,"))
        .collect();
    assert!(
        !sleep_rows.is_empty() && sleep_rows.iter().all(|line| !line.ends_with(",,")),
        "every async row on the timer sleep has its share of the ideal: {table}"
    );
    let points = fs::read_to_string(out.join("distributed.csv")).unwrap();
    assert!(
        points.starts_with(
            "workload,work_nanos,processes,items,nats_items_per_second,\
             nats_items_per_second_low,nats_items_per_second_high,"
        ) && points.contains("\nnoop,0,1,"),
        "{points}"
    );
    // Every figure carries its spread: no empty cell in any point of the fixture.
    assert!(
        points
            .lines()
            .skip(1)
            .all(|line| !line.contains(",,") && !line.ends_with(',')),
        "a distributed figure without its spread:\n{points}"
    );
    assert!(
        distributed.contains(" to "),
        "the distributed table shows the quartiles:\n{distributed}"
    );
}

#[test]
fn the_decision_table_comes_first_and_matches_its_csv() {
    let out = scratch("decision");
    let report = plot(&fixture(), &out).unwrap();
    let readme = pages(&report);
    let table_at = readme
        .find("## Which engine to use")
        .expect("the README has the decision table");
    let provenance_at = readme.find("## Provenance").unwrap();
    assert!(table_at < provenance_at, "the decision table comes first");
    // Above it, the machine in one line and the plain answers.
    let first_screen = &readme[..table_at];
    assert!(
        first_screen.contains("**The machine:** 2 logical cores")
            && first_screen.contains("waking a sleeping thread takes 14 µs"),
        "{first_screen}"
    );
    assert!(first_screen.contains("- **Longer CPU items (10 µs each):** at 2 workers `"));
    assert!(first_screen.contains("- **When to distribute** ([Where distribution pays"));
    let section = &readme[table_at..provenance_at];
    // The fixture is the decision bench's quick pass: 1 and 2 workers on 2 cores, three
    // rounds.
    assert!(
        section.contains("| work per item | 1 worker | 2 (cores) |"),
        "{section}"
    );
    assert!(section.contains("the median over 3 rounds"), "{section}");
    assert!(section.contains("**Drift.** Within this run"), "{section}");
    let table_rows: Vec<&str> = section
        .lines()
        .filter(|line| line.starts_with("| `"))
        .collect();
    assert_eq!(table_rows.len(), 5, "{section}");

    let csv = fs::read_to_string(out.join("decision.csv")).unwrap();
    let mut lines = csv.lines();
    let header = lines.next().unwrap();
    assert!(
        header.starts_with("workload,workers,rounds,advice,winner,winner_capacity,"),
        "{header}"
    );
    let data: Vec<&str> = lines.collect();
    assert_eq!(data.len(), 5 * 2, "{csv}");
    for line in &data {
        assert_eq!(field_count(line), field_count(header), "{line}");
    }
    // Each cell of the page says what its CSV line advises.
    let advised_not_to = data
        .iter()
        .filter(|line| line.contains(",don't fan out,"))
        .count();
    let on_page: usize = table_rows
        .iter()
        .map(|row| row.matches("**don't fan out**").count())
        .sum();
    assert_eq!(on_page, advised_not_to);
    assert!(readme.contains("| [`decision.csv`](decision.csv) | the decision table"));
}

/// Copies the folder `from` into `to`, files and folders alike.
fn copy_tree(from: &Path, to: &Path) {
    fs::create_dir_all(to).unwrap();
    for entry in fs::read_dir(from).unwrap() {
        let path = entry.unwrap().path();
        let target = to.join(path.file_name().unwrap());
        if path.is_dir() {
            copy_tree(&path, &target);
        } else {
            fs::copy(&path, &target).unwrap();
        }
    }
}

/// Writes one criterion benchmark as criterion lays it out, with a mean time per run of
/// `mean` nanoseconds and its interval `low` to `high`.
fn write_benchmark(
    bench: &Path,
    group: &str,
    row: &str,
    workers: usize,
    items: Option<u64>,
    (mean, low, high): (f64, f64, f64),
) {
    let folder = bench
        .join("criterion")
        .join(group.replace('/', "_"))
        .join(row)
        .join(workers.to_string())
        .join("new");
    fs::create_dir_all(&folder).unwrap();
    let throughput = items.map_or_else(|| "null".to_owned(), |n| format!("{{\"Elements\":{n}}}"));
    fs::write(
        folder.join("benchmark.json"),
        format!(
            r#"{{"group_id":"{group}","function_id":"{row}","value_str":"{workers}","throughput":{throughput}}}"#
        ),
    )
    .unwrap();
    let statistic = format!(
        r#"{{"confidence_interval":{{"confidence_level":0.95,"lower_bound":{low},"upper_bound":{high}}},"point_estimate":{mean}}}"#
    );
    fs::write(
        folder.join("estimates.json"),
        format!(r#"{{"mean":{statistic},"median":{statistic}}}"#),
    )
    .unwrap();
}

#[test]
fn adaptives_targets_are_the_batching_benchs_page_or_say_how_to_run_it() {
    let bench = scratch("targets-bench");
    copy_tree(&fixture(), &bench);
    let page = bench.join("fanout/adaptive-targets.md");
    fs::remove_file(&page).unwrap();
    let out = scratch("targets-out");
    // A page from an earlier plot would quote verdicts this run does not have.
    fs::write(out.join("adaptive-targets.md"), "Of 1 targets: 1 met.\n").unwrap();
    let report = plot(&bench, &out).unwrap();
    let readme = pages(&report);
    let section = section_of(&readme, "## adaptive's targets");
    assert!(
        section.contains("The `batching` bench was not run")
            && section.contains("`cargo bench --bench batching`"),
        "{section}"
    );
    assert!(!out.join("adaptive-targets.md").exists());

    // A page cut off before its tally is an error that names it, not a quoted verdict.
    fs::write(
        &page,
        "# adaptive's targets\n\n| target | figure | verdict |\n",
    )
    .unwrap();
    let error = plot(&bench, &out).unwrap_err().to_string();
    assert!(error.starts_with(&page.display().to_string()), "{error}");
}

#[test]
fn a_partial_run_draws_what_it_has_and_names_what_is_missing() {
    let bench = scratch("partial-bench");
    fs::create_dir_all(bench.join("fanout")).unwrap();
    fs::copy(
        fixture().join("fanout/latency.jsonl"),
        bench.join("fanout/latency.jsonl"),
    )
    .unwrap();
    let out = scratch("partial-out");
    // A chart left from an earlier, fuller run must not survive next to this one's.
    fs::write(out.join("throughput.svg"), "<svg/>").unwrap();

    let report = plot(&bench, &out).unwrap();
    let drawn: Vec<String> = report
        .charts
        .iter()
        .map(|path| path.file_name().unwrap().to_string_lossy().into_owned())
        .collect();
    assert!(
        drawn.contains(&"latency-closed-loop.svg".to_owned()),
        "{drawn:?}"
    );
    assert!(!out.join("throughput.svg").exists());
    assert!(
        report
            .missing
            .iter()
            .any(|missing| missing.starts_with("throughput.svg")
                && missing.contains("cargo bench --bench throughput"))
    );
    let readme = pages(&report);
    assert!(readme.contains("## What this run lacks"));
    assert!(readme.contains("`fairness.svg`: no per-worker counts"));
}

#[test]
fn measures_the_platform_could_not_take_read_n_a_not_0() {
    let bench = scratch("unmeasured-bench");
    fs::create_dir_all(bench.join("fanout")).unwrap();
    // The measures bench leaves CPU time and peak memory out where it cannot take them.
    let measured = fs::read_to_string(fixture().join("fanout/measures.jsonl")).unwrap();
    let kept: Vec<&str> = measured
        .lines()
        .filter(|line| {
            !line.contains("\"metric\":\"cpu_seconds_per_item\"")
                && !line.contains("\"metric\":\"peak_rss\"")
        })
        .collect();
    assert!(
        kept.len() < measured.lines().count(),
        "the fixture has both"
    );
    fs::write(bench.join("fanout/measures.jsonl"), kept.join("\n")).unwrap();
    let out = scratch("unmeasured-out");
    plot(&bench, &out).unwrap();
    let table = fs::read_to_string(out.join("measures.csv")).unwrap();
    let mut lines = table.lines();
    let header: Vec<&str> = lines.next().unwrap().split(',').collect();
    let column = |name: &str| header.iter().position(|field| *field == name).unwrap();
    let (cpu, peak) = (column("cpu_seconds_per_item"), column("peak_rss_bytes"));
    let rows: Vec<Vec<&str>> = lines.map(|line| line.split(',').collect()).collect();
    assert!(!rows.is_empty());
    for row in rows {
        assert_eq!((row[cpu], row[peak]), ("n/a", "n/a"), "{row:?}");
    }
}

#[test]
fn without_bench_output_it_says_to_run_the_benches_first() {
    let empty = scratch("empty");
    let out = scratch("empty-out");
    for bench in [empty.to_path_buf(), empty.join("nothing-here")] {
        let error = plot(&bench, &out).unwrap_err().to_string();
        assert!(error.contains("run `cargo bench` first"), "{error}");
        assert!(error.starts_with(&bench.display().to_string()), "{error}");
    }
    assert_eq!(fs::read_dir(&out).unwrap().count(), 0, "nothing is drawn");
}

#[test]
fn malformed_input_is_an_error_that_names_the_file() {
    let out = scratch("malformed-out");

    let records = scratch("malformed-records");
    fs::create_dir_all(records.join("fanout")).unwrap();
    fs::write(records.join("fanout/measures.jsonl"), "{\"engine\": 3}\n").unwrap();
    let error = plot(&records, &out).unwrap_err().to_string();
    assert!(error.contains("measures.jsonl:1"), "{error}");

    let criterion = scratch("malformed-criterion");
    let benchmark = criterion.join("criterion/throughput_noop/crossbeam/2/new");
    fs::create_dir_all(&benchmark).unwrap();
    fs::write(benchmark.join("benchmark.json"), "{ not json").unwrap();
    fs::write(benchmark.join("estimates.json"), "{}").unwrap();
    let error = plot(&criterion, &out).unwrap_err().to_string();
    assert!(error.contains("benchmark.json"), "{error}");

    fs::write(
        benchmark.join("benchmark.json"),
        r#"{"group_id":"throughput/noop","function_id":"crossbeam","value_str":"two","throughput":{"Elements":10}}"#,
    )
    .unwrap();
    fs::write(
        benchmark.join("estimates.json"),
        r#"{"median":{"point_estimate":1000.0}}"#,
    )
    .unwrap();
    let error = plot(&criterion, &out).unwrap_err().to_string();
    assert!(
        error.contains("benchmark.json") && error.contains("`two`"),
        "{error}"
    );
}

/// A `sample.json` of 40 batches of 10 iterations: `faster` of them at `low_ns` per
/// iteration, the rest at `high_ns`, each with a jitter of up to 1%.
fn two_mode_samples(faster: usize, low_ns: f64, high_ns: f64) -> String {
    let (iters, times): (Vec<String>, Vec<String>) = (0..40)
        .map(|index| {
            let each = if index < faster { low_ns } else { high_ns };
            let jitter = 1.0 + (index % 5) as f64 * 0.002;
            ("10.0".to_owned(), format!("{:.1}", each * jitter * 10.0))
        })
        .unzip();
    format!(
        r#"{{"sampling_mode":"Flat","iters":[{}],"times":[{}]}}"#,
        iters.join(","),
        times.join(",")
    )
}

#[test]
fn a_bimodal_figure_is_flagged_in_its_csv_and_the_readme() {
    let bench = scratch("bimodal-bench");
    let out = scratch("bimodal-out");
    copy_tree(&fixture(), &bench);
    // `rayon` on noop at 2 workers, its median around 59 ms in the fixture: half its runs
    // at 40 ms and half at 80 ms.
    let benchmark = bench.join("criterion/throughput_noop/rayon/2/new");
    fs::write(
        benchmark.join("sample.json"),
        two_mode_samples(20, 40e6, 80e6),
    )
    .unwrap();
    plot(&bench, &out).unwrap();

    let csv = fs::read_to_string(out.join("throughput.csv")).unwrap();
    let header: Vec<&str> = csv.lines().next().unwrap().split(',').collect();
    let column = |name: &str| header.iter().position(|field| *field == name).unwrap();
    let flagged: Vec<Vec<&str>> = csv
        .lines()
        .skip(1)
        .map(|line| line.split(',').collect::<Vec<_>>())
        .filter(|fields| fields[column("bimodal")] == "true")
        .collect();
    assert_eq!(flagged.len(), 1, "{csv}");
    let row = &flagged[0];
    assert_eq!(
        (row[column("workload")], row[column("row")]),
        ("noop", "rayon")
    );
    let mode = |name: &str| row[column(name)].parse::<f64>().unwrap();
    let (low, high) = (
        mode("bimodal_low_mode_nanos_per_run"),
        mode("bimodal_high_mode_nanos_per_run"),
    );
    assert!(
        (40e6..41e6).contains(&low) && (80e6..81e6).contains(&high),
        "{row:?}"
    );
    // The interval reaches both modes, so no verdict leans on one of them.
    assert!(mode("nanos_per_run_low") <= low && mode("nanos_per_run_high") >= high);

    let readme = fs::read_to_string(out.join("README.md")).unwrap()
        + &fs::read_to_string(out.join("APPENDIX.md")).unwrap();
    assert!(readme.contains("## Bimodal figures"), "{readme}");
    assert!(
        readme.contains("| `rayon` | throughput/noop | 2 | "),
        "{readme}"
    );

    // Both modes beat every other engine (the fixture's best on noop is under 300k
    // items/s; 80 ms for 50,000 items is 625k), so `rayon` is fastest outright...
    let noop_line = |readme: &str| {
        let at = readme.find("### `noop`").unwrap();
        let verdict = readme[at..].find("**Verdict:**").unwrap();
        readme[at + verdict..].lines().next().unwrap().to_owned()
    };
    let line = noop_line(&readme);
    assert!(
        line.contains("`rayon`, ") && !line.contains("tied with"),
        "{line}"
    );
    // ...but when its slow mode (250 ms: 200k items/s) falls inside the others' spread,
    // it only ties.
    fs::write(
        benchmark.join("sample.json"),
        two_mode_samples(20, 10e6, 250e6),
    )
    .unwrap();
    plot(&bench, &out).unwrap();
    let readme = fs::read_to_string(out.join("README.md")).unwrap()
        + &fs::read_to_string(out.join("APPENDIX.md")).unwrap();
    let line = noop_line(&readme);
    assert!(
        line.contains("`rayon`, ") && line.contains("tied with") && line.contains("`crossbeam`"),
        "{line}"
    );

    // A broken sample file is an error that names it, not a silent figure without shape.
    fs::write(
        benchmark.join("sample.json"),
        r#"{"iters":[1.0],"times":[]}"#,
    )
    .unwrap();
    let error = plot(&bench, &out).unwrap_err().to_string();
    assert!(error.contains("sample.json"), "{error}");
}

/// The paragraphs under the README heading that contains `heading`, up to the next one.
fn section_of(readme: &str, heading: &str) -> String {
    // A heading line, not the README's link to it.
    let line_start = |at: usize| readme[..at].rfind('\n').map_or(0, |newline| newline + 1);
    let start = readme
        .match_indices(heading)
        .map(|(at, _)| at)
        .find(|&at| readme[line_start(at)..].starts_with('#'))
        .unwrap_or_else(|| panic!("no heading `{heading}`"));
    let rest = &readme[start..];
    let end = rest[1..].find("\n#").map_or(rest.len(), |end| end + 1);
    rest[..end].to_owned()
}

#[test]
fn the_seeds_claims_are_judged_at_every_worker_count() {
    let bench = scratch("seed-claims-bench");
    copy_tree(&fixture(), &bench);
    // Load balancing: an engine clear of `static-split` at 2 workers, within its noise
    // at 4; one worker is left out, since there is nothing to balance.
    let rare = bench.join("criterion").join("throughput_skewed-rare");
    if rare.exists() {
        fs::remove_dir_all(&rare).unwrap();
    }
    let group = "throughput/skewed-rare";
    for (row, workers, times) in [
        ("static-split", 1, (10.0e6, 9.9e6, 10.1e6)),
        ("crossbeam", 1, (10.0e6, 9.9e6, 10.1e6)),
        ("static-split", 2, (10.0e6, 9.9e6, 10.1e6)),
        ("crossbeam", 2, (6.0e6, 5.9e6, 6.1e6)),
        ("static-split", 4, (10.0e6, 9.9e6, 10.1e6)),
        ("crossbeam", 4, (10.05e6, 9.8e6, 10.3e6)),
    ] {
        write_benchmark(&bench, group, row, workers, Some(1_000), times);
    }
    // Result channels: `seed-layout` at half `std-mpsc`'s speed at 16 workers.
    for (row, times) in [
        ("std-mpsc", (1.0e6, 0.99e6, 1.01e6)),
        ("seed-layout", (2.0e6, 1.98e6, 2.02e6)),
    ] {
        write_benchmark(&bench, "throughput/noop", row, 16, Some(1_000), times);
    }
    let out = scratch("seed-claims-out");
    let report = plot(&bench, &out).unwrap();
    let readme = pages(&report);

    let balancing = section_of(&readme, "automatic load balancing");
    assert!(
        balancing.contains("| engine \\ workers | 2 | 4 |")
            && balancing.contains("| `crossbeam` | 1.67x (1.62-1.71x) | 0.995x (tie) |"),
        "{balancing}"
    );
    assert!(
        balancing.contains(
            "**Verdict:** faster than `static-split` beyond the noise at some: `crossbeam` (at 2)."
        ),
        "{balancing}"
    );

    let channels = section_of(&readme, "its own result channel");
    let noop_row = channels
        .lines()
        .find(|line| line.starts_with("| `noop` |"))
        .unwrap_or_else(|| panic!("no noop row:\n{channels}"));
    assert!(
        channels.contains("| workload \\ workers | 1 | 2 | 16 |"),
        "{channels}"
    );
    assert!(noop_row.ends_with("| 0.5x (0.49-0.51x) |"), "{noop_row}");
    assert!(channels.contains("**Verdict:** "), "{channels}");

    // Unbuffered channels with work: the fixture's capacity 0 and default-capacity groups.
    let unbuffered = section_of(&readme, "The seed's unbuffered channels");
    assert!(
        unbuffered.contains(
            "| engine | `noop` (16 over 0) | `spin-10us` (4 over 0) | `sleep-100us` (4 over 0) |"
        ) && unbuffered.contains("with work, `noop` (16 over 0): "),
        "{unbuffered}"
    );
}

#[test]
fn the_readme_answers_and_the_appendix_holds_the_rest() {
    let out = scratch("pages");
    let report = plot(&fixture(), &out).unwrap();
    let readme = fs::read_to_string(&report.readme).unwrap();
    let appendix = fs::read_to_string(&report.appendix).unwrap();
    assert!(
        readme.len() <= 20 * 1024,
        "README is {} bytes",
        readme.len()
    );
    assert!(readme.contains("## Which engine to use") && !readme.contains("## Conclusions"));
    assert!(appendix.contains("## Conclusions") && !appendix.contains("## Which engine to use"));
    // Every section of the appendix is linked from the README, and the answers' links
    // point into it.
    for heading in appendix.lines().filter_map(|line| line.strip_prefix("## ")) {
        assert!(
            readme.contains(&format!("- [{heading}](APPENDIX.md#")),
            "{heading}"
        );
    }
    assert!(
        readme.contains("](APPENDIX.md#where-distribution-pays"),
        "{readme}"
    );
}
