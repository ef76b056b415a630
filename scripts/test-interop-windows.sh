#!/usr/bin/env bash
# Cross-talk between the Windows build (under Wine) and the native Linux build over
# 127.0.0.1:
#   1. the Windows echo server serves the Linux echo client (load mode: every byte verified);
#   2. the Windows echo server serves the Linux proactor-loadgen (pingpong, every byte verified);
#   3. the Windows echo client talks to the Linux echo server.
# Every step has a deadline; any failure exits non-zero.
#
#   scripts/test-interop-windows.sh [NATIVE_BIN] [WINDOWS_BIN]   (default build/bin, build-windows/bin)
#
# Run by scripts/test-windows.sh, which has a booted Wine prefix and a wineserver running;
# alone it needs WINEPREFIX set the same way.
set -euo pipefail
cd "$(dirname "$0")/.."
native_bin=${1:-build/bin}
windows_bin=${2:-build-windows/bin}
export WINEDEBUG=${WINEDEBUG:--all}
deadline=60  # seconds per step

for program in "$native_bin/proactor-echo-server" "$native_bin/proactor-echo-client" \
               "$native_bin/proactor-loadgen" "$windows_bin/proactor-echo-server.exe" \
               "$windows_bin/proactor-echo-client.exe"; do
  [[ -x $program ]] || { echo "interop: $program is missing (build both trees first)" >&2; exit 1; }
done

work=$(mktemp -d)
server_pid=
stop_server() {
  if [[ -n $server_pid ]] && kill -0 "$server_pid" 2>/dev/null; then
    kill -TERM "$server_pid" 2>/dev/null || true
    wait "$server_pid" 2>/dev/null || true
  fi
  server_pid=
}
cleanup() { stop_server; rm -rf "$work"; }
trap cleanup EXIT

# Starts a server in the background and waits (bounded) for its `listening on HOST:PORT`.
start_server() {
  local log=$work/server.log
  : >"$log"
  "$@" --host 127.0.0.1 --port 0 >"$log" 2>&1 &
  server_pid=$!
  local waited=0
  until grep -q '^listening on ' "$log"; do
    if ! kill -0 "$server_pid" 2>/dev/null || ((waited >= deadline * 10)); then
      echo "interop: server did not start: $*" >&2
      cat "$log" >&2
      exit 1
    fi
    sleep 0.1
    waited=$((waited + 1))
  done
  port=$(sed -n 's/^listening on 127\.0\.0\.1:\([0-9]*\).*/\1/p' "$log" | head -n1)
  [[ -n $port ]] || { echo "interop: no port in: $(cat "$log")" >&2; exit 1; }
}

step() {
  local name=$1
  shift
  echo "interop: $name"
  if ! timeout --kill-after=5 "$deadline" "$@"; then
    echo "interop: FAILED: $name" >&2
    exit 1
  fi
}

# 1 and 2: the Windows server under Wine.
start_server wine "$windows_bin/proactor-echo-server.exe" --threads 2
step "Linux echo client -> Windows echo server (port $port)" \
  "$native_bin/proactor-echo-client" --port "$port" --count 2000 --size 512 --connections 4 \
  --pipeline 8 --timeout 10s
step "Linux loadgen -> Windows echo server (port $port)" \
  "$native_bin/proactor-loadgen" pingpong --port "$port" --connections 8 --size 256 \
  --warmup 500ms --duration 2s --timeout 10s --no-progress
stop_server

# 3: the Windows client under Wine against the Linux server.
start_server "$native_bin/proactor-echo-server" --threads 2
step "Windows echo client -> Linux echo server (port $port)" \
  wine "$windows_bin/proactor-echo-client.exe" --port "$port" --count 2000 --size 512 \
  --connections 4 --pipeline 8 --timeout 10s
printf 'hello from wine\n' >"$work/line"
step "Windows echo client (stdin lines) -> Linux echo server (port $port)" \
  bash -c 'out=$(wine "$1" --port "$2" --timeout 10s <"$3") && [[ $out == *"hello from wine"* ]] || { echo "got: $out" >&2; exit 1; }' \
  _ "$windows_bin/proactor-echo-client.exe" "$port" "$work/line"
stop_server
echo "interop: all passed"
