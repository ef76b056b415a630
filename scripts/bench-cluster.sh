#!/usr/bin/env bash
# Chat fan-out across a cluster beside one server (docs/benchmarks.md, "Chat fan-out across
# servers"): bench/chat_fanout with N clients in one room, spread round robin over the
# servers, one sender; the time until all N have the message.
#   one        one proactor-chat-server, no Redis
#   one+redis  one proactor-chat-server with --redis (the backplane's cost on its own)
#   three      three proactor-chat-servers with --redis, the clients spread over them
# Usage: scripts/bench-cluster.sh [BUILD_DIR]    (CLIENTS=1000 REPS=100 RUNS=3)
set -euo pipefail
build=${1:-build}
clients=${CLIENTS:-1000}
reps=${REPS:-100}
runs=${RUNS:-3}
server=$build/bin/proactor-chat-server
fanout=$build/bench/chat_fanout

# The benchmark programs are not part of the default build.
cmake --build "$build" --target benchmarks >/dev/null
dir=$(mktemp -d /tmp/proactor-bench-cluster.XXXXXX)
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  pids=()
}
trap 'cleanup; rm -rf "$dir"' EXIT

wait_for_line() {
  local file=$1 pattern=$2
  for _ in $(seq 1 100); do
    if grep -m1 -E "$pattern" "$file" 2>/dev/null; then return 0; fi
    sleep 0.1
  done
  echo "bench-cluster: timed out waiting for '$pattern' in $file" >&2
  return 1
}

# start_servers COUNT [--redis ...]: sets `ports` to the --port flags for chat_fanout.
start_servers() {
  local count=$1
  shift
  ports=""
  for i in $(seq 1 "$count"); do
    "$server" --port 0 --max-room-size $((clients + 10)) "$@" --node-id "n$i" \
      >"$dir/n$i.out" 2>"$dir/n$i.err" &
    pids+=($!)
    local line
    line=$(wait_for_line "$dir/n$i.out" "^listening on ")
    ports+=" --port ${line##*:}"
  done
}

echo "== machine: $(nproc) cores; $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs); load $(cut -d' ' -f1-3 /proc/loadavg)"
for run in $(seq 1 "$runs"); do
  for setup in one one+redis three; do
    redis-server --port 0 --unixsocket "$dir/redis.sock" --unixsocketperm 700 --save '' \
      --appendonly no --dir "$dir" >"$dir/redis.log" 2>&1 &
    pids+=($!)
    wait_for_line "$dir/redis.log" "eady to accept connections" >/dev/null
    case $setup in
      one) start_servers 1 ;;
      one+redis) start_servers 1 --redis "unix:$dir/redis.sock" ;;
      three) start_servers 3 --redis "unix:$dir/redis.sock" ;;
    esac
    # shellcheck disable=SC2086
    result=$(timeout 300 "$fanout" --clients "$clients" --reps "$reps" $ports | grep '^clients=')
    echo "run=$run setup=$setup $result"
    cleanup
  done
done
