#!/usr/bin/env bash
# Turns the benches' output (target/criterion/, target/fanout/*.jsonl) into a folder of
# results: the data as CSV, SVG charts and a README of conclusions computed from the data.
#
#   scripts/plot.sh             write target/results/: your machine's figures, your own
#   scripts/plot.sh OUT_DIR     write OUT_DIR (or $FANOUT_RESULTS_DIR when set);
#                               `scripts/plot.sh results/` refreshes the committed reference
#   scripts/plot.sh --check     plot the checked-in fixture into a temporary folder (CI)
#
# The default is not results/ because that folder is the project's reference run, with
# its provenance: it changes only when someone asks for it by name.
# FANOUT_BENCH_DIR names the folder the benches wrote to (default: target/). Needs
# nothing but cargo: the drawing is the fanout-report crate.
set -euo pipefail

caller="$PWD"
cd "$(dirname "$0")/.."

# A path the caller gave is relative to where they ran the script, not to the repository.
from_caller() {
    case "$1" in
        /*) printf '%s\n' "$1" ;;
        *) printf '%s\n' "$caller/$1" ;;
    esac
}

check=false
if [[ "${1:-}" == "--check" ]]; then
    check=true
    bench=crates/fanout-report/tests/fixture
    out="$(mktemp -d)"
    trap 'rm -rf "$out"' EXIT
else
    bench="${FANOUT_BENCH_DIR:+$(from_caller "$FANOUT_BENCH_DIR")}"
    bench="${bench:-target}"
    out="${1:-${FANOUT_RESULTS_DIR:-}}"
    out="${out:+$(from_caller "$out")}"
    out="${out:-$PWD/target/results}"
fi

shopt -s nullglob
records=("$bench"/fanout/*.jsonl)
shopt -u nullglob
if [[ ! -d "$bench/criterion" && ${#records[@]} -eq 0 ]]; then
    echo "plot.sh: no bench output in $bench/ (criterion/ or fanout/*.jsonl): run \`cargo bench\` first" >&2
    exit 1
fi

# The first build of fanout-report takes minutes and cargo --quiet prints nothing meanwhile.
if [[ ! -x target/release/fanout-report ]]; then
    echo "plot.sh: building fanout-report (the first build takes a few minutes)..." >&2
fi
cargo run --quiet --release -p fanout-report -- --bench-dir "$bench" --out "$out"

if ! $check; then
    echo "plot.sh: results written to $out/"
fi

if $check; then
    shopt -s nullglob
    charts=("$out"/*.svg)
    if [[ ! -s "$out/README.md" || ! -s "$out/APPENDIX.md" || ${#charts[@]} -eq 0 ]]; then
        echo "plot.sh --check: the fixture gave no README.md, no APPENDIX.md or no chart in $out" >&2
        exit 1
    fi
    echo "plot.sh --check: ${#charts[@]} charts, README.md and APPENDIX.md drawn from the fixture"
fi
