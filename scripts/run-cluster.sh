#!/usr/bin/env bash
# A chat cluster on this machine, in one command (make run-cluster):
#   redis-server on a Unix socket in a temporary directory (no persistence),
#   three proactor-chat-server nodes on free ports sharing rooms through it,
#   HAProxy in TCP mode (leastconn, health checks) in front of them.
# Prints `listening on 127.0.0.1:PORT` for the HAProxy port; clients connect there:
#   build/bin/proactor-chat-client --port PORT --nick alice --room lobby
# Ctrl-C (or SIGTERM) stops everything it started and removes its temporary files.
#
# Usage: scripts/run-cluster.sh [BUILD_DIR] [NODES]     (build, 3)
set -euo pipefail
build=${1:-build}
nodes=${2:-3}
server=$build/bin/proactor-chat-server
haproxy_bin=$(command -v haproxy || echo /usr/sbin/haproxy)

for program in redis-server "$haproxy_bin" "$server"; do
  command -v "$program" >/dev/null 2>&1 || { echo "run-cluster: $program not found (make build; scripts/install-deps.sh)" >&2; exit 1; }
done

dir=$(mktemp -d /tmp/proactor-cluster.XXXXXX)
pids=()
cleanup() {
  trap - EXIT INT TERM
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  rm -rf "$dir"
}
trap cleanup EXIT
trap 'exit 0' INT TERM

# Waits (bounded) for `pattern` in file $1; prints the matching line.
wait_for_line() {
  local file=$1 pattern=$2
  for _ in $(seq 1 100); do
    if grep -m1 -E "$pattern" "$file" 2>/dev/null; then return 0; fi
    sleep 0.1
  done
  echo "run-cluster: timed out waiting for '$pattern' in $file" >&2
  cat "$file" >&2 || true
  return 1
}

redis-server --port 0 --unixsocket "$dir/redis.sock" --unixsocketperm 700 --save '' \
  --appendonly no --dir "$dir" >"$dir/redis.log" 2>&1 &
pids+=($!)
wait_for_line "$dir/redis.log" "eady to accept connections" >/dev/null

backends=""
for i in $(seq 1 "$nodes"); do
  "$server" --port 0 --redis "unix:$dir/redis.sock" --node-id "n$i" >"$dir/n$i.out" 2>"$dir/n$i.err" &
  pids+=($!)
  line=$(wait_for_line "$dir/n$i.out" "^listening on ")
  port=${line##*:}
  echo "node n$i: 127.0.0.1:$port" >&2
  backends+="  server n$i 127.0.0.1:$port check inter 1s"$'\n'
done

# The front port: a free one, chosen by the kernel and handed to HAProxy.
front=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
cat >"$dir/haproxy.cfg" <<CFG
global
  maxconn 4096
defaults
  mode tcp
  timeout connect 2s
  timeout client 1h
  timeout server 1h
frontend chat
  bind 127.0.0.1:$front
  default_backend nodes
backend nodes
  balance leastconn
$backends
CFG
"$haproxy_bin" -db -f "$dir/haproxy.cfg" >"$dir/haproxy.log" 2>&1 &
haproxy_pid=$!
pids+=($haproxy_pid)
up=0
for _ in $(seq 1 100); do
  kill -0 "$haproxy_pid" 2>/dev/null || break
  if (exec 3<>"/dev/tcp/127.0.0.1/$front") 2>/dev/null; then up=1; break; fi
  sleep 0.1
done
if ((up == 0)); then
  echo "run-cluster: haproxy did not come up:" >&2
  cat "$dir/haproxy.log" >&2
  exit 1
fi
echo "listening on 127.0.0.1:$front"
echo "run-cluster: redis, $nodes nodes and haproxy running in $dir; Ctrl-C stops them" >&2
wait "${pids[@]}"
