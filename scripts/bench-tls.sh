#!/usr/bin/env bash
# TLS echo beside plain echo: proactor-echo-server (1 I/O thread, inline) plain and with
# --tls-cert/--tls-key, taking turns within each repetition; server pinned to core 0, the
# client to core 1. Measures pingpong 64 B and 16 KiB with proactor-loadgen (every echoed
# byte verified), full and resumed handshakes per second with `openssl s_time -new` and
# `-reuse`, and the server's CPU time (user+system, /proc) per message and per handshake,
# which this shared 2-core machine disturbs less than throughput. Prints one line per run and a Markdown table of
# medians (min-max).
#
#   scripts/bench-tls.sh [BUILD_DIR]      REPS=3 DURATION=5 WARMUP=1 CONNS=50
#
# Loopback only; certificates are made into a temporary directory; every step is bounded.
set -euo pipefail
build=${1:-build}
reps=${REPS:-3}
duration=${DURATION:-5}
warmup=${WARMUP:-1}
conns=${CONNS:-50}
here=$(cd "$(dirname "$0")" && pwd)
work=$(mktemp -d)
server_pid=
cleanup() {
  [[ -n "$server_pid" ]] && kill "$server_pid" 2>/dev/null && wait "$server_pid" 2>/dev/null
  rm -rf "$work"
}
trap cleanup EXIT
"$here/make-test-certs.sh" "$work/certs"
tls_flags="--tls-cert $work/certs/server.pem --tls-key $work/certs/server.key"

start_server() {  # extra flags...
  : >"$work/server.out"
  taskset -c 0 "$build/bin/proactor-echo-server" --threads 1 --idle-timeout 0 --port 0 "$@" \
    >"$work/server.out" 2>"$work/server.err" &
  server_pid=$!
  for _ in $(seq 100); do
    grep -q '^listening on' "$work/server.out" && break
    sleep 0.05
  done
  port=$(sed -n 's/^listening on .*:\([0-9]*\)$/\1/p' "$work/server.out")
  [[ -n "$port" ]] || { echo "bench-tls: server did not start" >&2; cat "$work/server.err" >&2; exit 1; }
}

stop_server() {
  kill -TERM "$server_pid"
  wait "$server_pid" || true
  server_pid=
}

server_cpu() {  # user+system seconds of the running server
  awk -v hz="$(getconf CLK_TCK)" '{printf "%.4f", ($14 + $15) / hz}' "/proc/$server_pid/stat"
}

record() {  # key value
  echo "$2" >>"$work/$1"
}

measure_handshakes() {  # record-name server-args... -- s_time-args...
  local name=$1
  shift
  local server_args=()
  while (($# > 0)) && [[ $1 != -- ]]; do
    server_args+=("$1")
    shift
  done
  shift
  start_server "${server_args[@]}"
  # s_time prints its wall time rounded to whole seconds: time it here instead.
  local cpu0 cpu1 begin end out count rate us_per
  cpu0=$(server_cpu)
  begin=$(date +%s.%N)
  out=$(timeout $((duration + 30)) taskset -c 1 openssl s_time -connect "127.0.0.1:$port" "$@" \
    -time "$duration" 2>&1 || true)
  end=$(date +%s.%N)
  cpu1=$(server_cpu)
  stop_server
  count=$(awk '/connections in [0-9.]+ real seconds/ {print $1}' <<<"$out")
  rate=$(awk -v n="$count" -v s="$begin" -v e="$end" 'BEGIN {printf "%.0f", n / (e - s)}')
  us_per=$(awk -v n="$count" -v a="$cpu0" -v b="$cpu1" 'BEGIN {printf "%.0f", (b - a) * 1e6 / n}')
  echo "rep=$rep $name handshakes_per_sec=$rate server_cpu_us_per_handshake=$us_per"
  record "$name" "$rate"
  record "$name-cpu" "$us_per"
}

for rep in $(seq "$reps"); do
  for variant in plain tls; do
    extra=()
    client_tls=()
    if [[ $variant == tls ]]; then
      read -r -a extra <<<"$tls_flags"
      client_tls=(--tls)
    fi
    for size in 64 16K; do
      start_server "${extra[@]}"
      cpu0=$(server_cpu)
      line=$(timeout $((duration + warmup + 30)) taskset -c 1 "$build/bin/proactor-loadgen" pingpong \
        --port "$port" --connections "$conns" --size "$size" --duration "${duration}s" \
        --warmup "${warmup}s" --no-progress "${client_tls[@]}")
      cpu1=$(server_cpu)
      stop_server
      msgs=$(sed -n 's/.*msgs_per_sec=\([0-9.]*\).*/\1/p' <<<"$line")
      # Server CPU over warm-up + measurement, per message at the measured rate.
      us_per_msg=$(awk -v a="$cpu0" -v b="$cpu1" -v m="$msgs" -v t="$((duration + warmup))" \
        'BEGIN {printf "%.1f", (b - a) * 1e6 / (m * t)}')
      echo "rep=$rep $variant size=$size server_cpu_us_per_msg=$us_per_msg $line"
      record "$variant-$size-msgs" "$msgs"
      record "$variant-$size-p99" "$(sed -n 's/.* p99_us=\([0-9.]*\).*/\1/p' <<<"$line")"
      record "$variant-$size-cpu" "$us_per_msg"
    done
    if [[ $variant == tls ]]; then
      # Full TLS 1.3 handshakes; then TLS 1.2 full and resumed (-reuse: the client offers
      # its first connection's session every time). s_time cannot resume TLS 1.3: it
      # closes before the server's ticket arrives, so its -reuse runs full handshakes.
      measure_handshakes handshakes "${extra[@]}" -- -new
      measure_handshakes full12 "${extra[@]}" -- -new -tls1_2
      measure_handshakes resumed12 "${extra[@]}" -- -reuse -tls1_2
    fi
  done
done

summary() {  # file -> "median (min-max)"
  sort -g "$work/$1" | awk '{v[NR] = $1} END {printf "%.0f (%.0f–%.0f)", v[int((NR + 1) / 2)], v[1], v[NR]}'
}
median() { sort -g "$work/$1" | awk '{v[NR] = $1} END {print v[int((NR + 1) / 2)]}'; }

echo
summary1() {  # like summary, one decimal
  sort -g "$work/$1" | awk '{v[NR] = $1} END {printf "%.1f (%.1f–%.1f)", v[int((NR + 1) / 2)], v[1], v[NR]}'
}
echo "| workload | plain msgs/s | TLS msgs/s | TLS/plain | plain p99 µs | TLS p99 µs | server CPU µs/msg plain | TLS |"
echo "|---|---|---|---|---|---|---|---|"
for size in 64 16K; do
  ratio=$(awk -v t="$(median "tls-$size-msgs")" -v p="$(median "plain-$size-msgs")" 'BEGIN {printf "%.2f", t / p}')
  echo "| pingpong $size, $conns conns | $(summary "plain-$size-msgs") | $(summary "tls-$size-msgs") | ${ratio}× | $(summary "plain-$size-p99") | $(summary "tls-$size-p99") | $(summary1 "plain-$size-cpu") | $(summary1 "tls-$size-cpu") |"
done
echo
echo "TLS handshakes/s (openssl s_time -new, one client process): $(summary handshakes); server CPU µs per handshake: $(summary handshakes-cpu)"
echo "TLS 1.2 full handshakes/s (s_time -new -tls1_2): $(summary full12); server CPU µs per handshake: $(summary full12-cpu)"
echo "TLS 1.2 resumed handshakes/s (s_time -reuse -tls1_2): $(summary resumed12); server CPU µs per handshake: $(summary resumed12-cpu)"
