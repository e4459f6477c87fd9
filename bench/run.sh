#!/usr/bin/env bash
# The whole benchmark suite in one command, writing docs/performance.md:
#   bench/run.sh [--no-build]   (--no-build: measure the tree already built in build-bench)
# 1. installs wrk and Google Benchmark when missing (scripts/install-deps.sh --bench);
# 2. builds a Release tree (build-bench: -DTOCSIN_BUILD_BENCH=ON -DTOCSIN_BUILD_TESTS=OFF);
# 3. runs the micro-benchmarks (tocsin_bench: runner, JSON, store, correlation);
# 4. starts the real `tocsin serve` on a fresh data dir and loopback port and drives it with wrk
#    (bench/load.py): webhook -> playbook -> incident, alert ingest, incident CRUD, the raw
#    ceiling, the same with synchronous=normal, 10,000 suspended runs, a perf profile;
# 5. writes the table (bench/report.py).
# Environment: TOCSIN_JOBS (build jobs, 2), TOCSIN_BENCH_BUILD_DIR (build-bench),
# TOCSIN_BENCH_DURATION (seconds per wrk scenario, 10), TOCSIN_BENCH_CONNECTIONS (32),
# TOCSIN_BENCH_THREADS (wrk threads, 2), TOCSIN_BENCH_SUSPENDED (10000), TOCSIN_BENCH_OUT
# (docs/performance.md), TOCSIN_BUILD_LOCK (a file to flock around the build, on shared machines).
# No test runs this: timings belong here, never in assertions.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
build=${TOCSIN_BENCH_BUILD_DIR:-$root/build-bench}
jobs=${TOCSIN_JOBS:-2}
duration=${TOCSIN_BENCH_DURATION:-10}
connections=${TOCSIN_BENCH_CONNECTIONS:-32}
threads=${TOCSIN_BENCH_THREADS:-2}
suspended=${TOCSIN_BENCH_SUSPENDED:-10000}
out=${TOCSIN_BENCH_OUT:-$root/docs/performance.md}
command_line="bench/run.sh${*:+ $*}"
build_tree=true
for arg in "$@"; do
  case "$arg" in
    --no-build) build_tree=false ;;
    *) echo "bench/run.sh: unknown option '$arg' (expected --no-build)" >&2; exit 2 ;;
  esac
done

scripts/install-deps.sh --bench

if $build_tree; then
  cmake -S . -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release -DTOCSIN_BUILD_BENCH=ON \
    -DTOCSIN_BUILD_TESTS=OFF >/dev/null
  build_cmd=(nice ninja -C "$build" -j"$jobs" tocsin tocsin_bench)
  if [[ -n "${TOCSIN_BUILD_LOCK:-}" ]]; then build_cmd=(flock "$TOCSIN_BUILD_LOCK" "${build_cmd[@]}"); fi
  "${build_cmd[@]}"
elif [[ ! -x "$build/src/tocsin" || ! -x "$build/bench/tocsin_bench" ]]; then
  echo "bench/run.sh: --no-build, but $build has no tocsin and tocsin_bench" >&2
  exit 2
fi

# Scratch space on the build's disk: SQLite's fsync must hit a real disk, not a tmpfs.
work=$(mktemp -d "$build/bench-run-XXXXXX")
trap 'rm -rf "$work"' EXIT

echo "[bench] micro-benchmarks" >&2
TOCSIN_BENCH_DIR="$work/micro" "$build/bench/tocsin_bench" \
  --benchmark_out="$work/micro.json" --benchmark_out_format=json --benchmark_counters_tabular=true

echo "[bench] load benchmarks" >&2
python3 bench/load.py --tocsin "$build/src/tocsin" --work "$work/load" --out "$work/load.json" \
  --duration "$duration" --connections "$connections" --threads "$threads" --suspended "$suspended"

# The raw results stay beside the build, so the report can be rewritten (bench/analysis.md).
mkdir -p "$build/bench-results"
cp "$work/micro.json" "$work/load.json" "$build/bench-results/"
python3 bench/report.py --micro "$work/micro.json" --load "$work/load.json" \
  --tocsin "$build/src/tocsin" --build "$build" --command "$command_line" --out "$out"
echo "[bench] wrote $out" >&2
