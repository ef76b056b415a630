#!/usr/bin/env bash
# Runs the benchmarks and prints their results; docs/benchmarks.md records them with the
# machine and the exact commands. Usage: scripts/run-bench.sh [BUILD_DIR]   (REPS=5 default)
# Loopback only; every step is bounded in time.
set -euo pipefail
build=${1:-build}
reps=${REPS:-5}
bin=$build/bin

echo "== machine: $(nproc) cores; $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs); kernel $(uname -r)"

echo "== JobQueue vs mutex queue (Google Benchmark, $reps repetitions, median)"
timeout 600 "$build/bench/job_queue_bench" --benchmark_repetitions="$reps" \
  --benchmark_report_aggregates_only=true 2>/dev/null | grep -E '_median|_cv'

echo "== codecs, packets and the write queue (Google Benchmark, $reps repetitions, median)"
timeout 600 "$build/bench/codec_bench" --benchmark_repetitions="$reps" \
  --benchmark_report_aggregates_only=true 2>/dev/null | grep -E '_median'

if [[ -x "$build/bench/chat_codec_bench" ]]; then
  echo "== chat codecs per message: binary, protobuf, either behind Snappy ($reps repetitions, median)"
  timeout 600 "$build/bench/chat_codec_bench" --benchmark_repetitions="$reps" \
    --benchmark_report_aggregates_only=true 2>/dev/null | grep -E '_median'
fi

if [[ -x "$build/bench/chat_fanout" ]]; then
  echo "== chat fan-out: one sender, N clients in one room"
  timeout 300 "$build/bench/chat_fanout" --reps 100
fi

echo "== echo servers head to head (scripts/bench-echo.sh)"
scripts/bench-echo.sh "$build"
