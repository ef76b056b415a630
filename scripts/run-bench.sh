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

# Starts the echo server (pinned with $server_cpus) with the given flags; sets $server_pid
# and $port.
start_server() {
  local out
  out=$(mktemp)
  taskset -c "$server_cpus" "$bin/proactor-echo-server" --port 0 --threads 1 "$@" >"$out" 2>/dev/null &
  server_pid=$!
  for _ in $(seq 1 100); do
    port=$(sed -n 's/^listening on 127.0.0.1:\([0-9]*\)$/\1/p' "$out")
    [[ -n "$port" ]] && break
    sleep 0.1
  done
  rm -f "$out"
  [[ -n "$port" ]] || { echo "server did not start" >&2; kill "$server_pid"; exit 1; }
}

stop_server() {
  kill -INT "$server_pid"
  timeout 20 tail --pid="$server_pid" -f /dev/null || kill -9 "$server_pid"
}

echo_round_trips() {
  for logic in 0 1; do
    start_server --logic-threads "$logic"
    rates=()
    for _ in $(seq 1 "$reps"); do
      line=$(timeout 120 taskset -c "$client_cpus" "$bin/proactor-echo-client" --port "$port" \
        --count 200000 --size 64 --connections 10 --pipeline 64)
      rates+=("$(sed -n 's/.*msgs_per_sec=\([0-9.]*\).*/\1/p' <<<"$line")")
    done
    stop_server
    sorted=$(printf '%s\n' "${rates[@]}" | sort -n)
    echo "logic-threads=$logic msgs/s: median $(sed -n "$(((reps + 1) / 2))p" <<<"$sorted")" \
      "min $(head -1 <<<"$sorted") max $(tail -1 <<<"$sorted")"
  done
}

echo "== echo round trips, 10 connections x 64 in flight, 64 B: server on core 0, client on core 1"
server_cpus=0 client_cpus=1 echo_round_trips
echo "== the same, unpinned (server and client share both cores)"
server_cpus=0,1 client_cpus=0,1 echo_round_trips

if [[ -x "$build/bench/chat_fanout" ]]; then
  echo "== chat fan-out: one sender, N clients in one room"
  timeout 300 "$build/bench/chat_fanout" --reps 100
fi
