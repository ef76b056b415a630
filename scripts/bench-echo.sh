#!/usr/bin/env bash
# Echo servers head to head under proactor-loadgen: the raw epoll baseline
# (bench/raw_epoll_echo), proactor-echo-server with inline dispatch, and with one logic
# thread. Server pinned to core 0, load generator to core 1, one server at a time, the
# servers taking turns within each repetition. Prints a Markdown table (median and min-max
# over the repetitions, server CPU per message, server RSS, and the load generator's own CPU:
# a row whose client used more than CLIENT_BOUND percent of its core (default 90) is marked
# client-bound, since its rate then says more about the client than the server) and, when
# gnuplot is there, draws docs/benchmarks/echo.png.
#
#   scripts/bench-echo.sh [BUILD_DIR]      REPS=3 DURATION=5 WARMUP=1 IDLE_CONNS=10000 HOLD=10
#
# URING_BUILD=build-uring adds that build's echo server (Asio on io_uring) as one more
# server in the same run, and BASELINE_BUILD=DIR another build's (an earlier commit's: a
# before/after in one run); the load generator stays the BUILD_DIR one.
#
# Loopback only; every step is bounded in time.
set -euo pipefail
build=${1:-build}
reps=${REPS:-3}
duration=${DURATION:-5}
warmup=${WARMUP:-1}
idle_conns=${IDLE_CONNS:-10000}
hold=${HOLD:-10}
client_bound=${CLIENT_BOUND:-90}
chart=${CHART:-docs/benchmarks/echo.png}
loadgen="$build/bin/proactor-loadgen"
# The benchmark programs are not part of the default build.
cmake --build "$build" --target benchmarks >/dev/null
results=$(mktemp -d)
trap 'rm -rf "$results"' EXIT
ulimit -n "$(ulimit -Hn)"
ticks_per_second=$(getconf CLK_TCK)

# name -> command line (the port is appended)
declare -A servers=(
  [raw]="$build/bench/raw_epoll_echo"
  [proactor]="$build/bin/proactor-echo-server --threads 1 --logic-threads 0 --idle-timeout 0 --max-connections 20000"
  [proactor-logic1]="$build/bin/proactor-echo-server --threads 1 --logic-threads 1 --idle-timeout 0 --max-connections 20000"
)
server_order=(raw proactor proactor-logic1)
idle_order=(raw proactor)
if [[ -n "${URING_BUILD:-}" ]]; then
  servers[proactor-uring]="$URING_BUILD/bin/proactor-echo-server --threads 1 --logic-threads 0 --idle-timeout 0 --max-connections 20000"
  server_order+=(proactor-uring)
  idle_order+=(proactor-uring)
fi
if [[ -n "${BASELINE_BUILD:-}" ]]; then
  servers[baseline]="$BASELINE_BUILD/bin/proactor-echo-server --threads 1 --logic-threads 0 --idle-timeout 0 --max-connections 20000"
  servers[baseline-logic1]="$BASELINE_BUILD/bin/proactor-echo-server --threads 1 --logic-threads 1 --idle-timeout 0 --max-connections 20000"
  server_order+=(baseline baseline-logic1)
  idle_order+=(baseline)
fi

# workload name -> loadgen arguments
declare -A workloads=(
  [pingpong-64B]="pingpong --connections 100 --size 64"
  [pingpong-64B-1conn]="pingpong --connections 1 --size 64"
  [pingpong-16KiB]="pingpong --connections 100 --size 16K"
  [pipeline-64B-w16]="pipeline --connections 100 --size 64 --window 16"
)
workload_order=(pingpong-64B pingpong-64B-1conn pingpong-16KiB pipeline-64B-w16)
# WORKLOADS="pipeline-64B-w16" and SERVERS="raw proactor" narrow a run (raw stays: the
# ratios are to it); IDLE=0 leaves out the idle measurement.
[[ -n "${WORKLOADS:-}" ]] && read -r -a workload_order <<<"$WORKLOADS"
if [[ -n "${SERVERS:-}" ]]; then
  server_order=(raw)
  for s in $SERVERS; do [[ $s == raw ]] || server_order+=("$s"); done
  # Idle connections never reach a logic thread: those servers are not measured twice.
  idle_order=()
  for s in "${server_order[@]}"; do [[ $s == *logic* ]] || idle_order+=("$s"); done
fi
[[ "${IDLE:-1}" == 0 ]] && idle_order=()

start_server() {  # name -> sets server_pid, port
  local out=$results/server.out
  # shellcheck disable=SC2086
  taskset -c 0 ${servers[$1]} --port 0 >"$out" 2>/dev/null &
  server_pid=$!
  port=
  for _ in $(seq 1 100); do
    port=$(sed -n 's/^listening on 127.0.0.1:\([0-9]*\)$/\1/p' "$out")
    [[ -n "$port" ]] && return
    sleep 0.1
  done
  echo "bench-echo: $1 did not start" >&2
  kill "$server_pid"
  exit 1
}

stop_server() {
  kill -INT "$server_pid"
  timeout 20 tail --pid="$server_pid" -f /dev/null || kill -9 "$server_pid"
  wait "$server_pid" 2>/dev/null || true
}

cpu_ticks() { awk '{print $14 + $15}' "/proc/$server_pid/stat"; }
rss_kib() { awk '/^VmRSS/ {print $2}' "/proc/$server_pid/status"; }
field() { sed -n "s/.* $1=\([0-9.]*\).*/\1/p" <<<"$2"; }

run_workload() {  # server workload rep
  start_server "$1"
  # shellcheck disable=SC2086
  timeout $((duration + warmup + 60)) taskset -c 1 "$loadgen" ${workloads[$2]} --port "$port" \
    --duration "$duration" --warmup "$warmup" --no-progress >"$results/line" 2>"$results/err" &
  local client=$!
  # The server's CPU is sampled over the measured phase only.
  sleep "$warmup"
  local before
  before=$(cpu_ticks)
  sleep "$duration"
  local after rss
  after=$(cpu_ticks)
  rss=$(rss_kib)
  if ! wait "$client"; then
    echo "bench-echo: $1 $2 failed: $(cat "$results/err")" >&2
    stop_server
    exit 1
  fi
  stop_server
  local line rate p99 client_cpu
  line=$(cat "$results/line")
  rate=$(field msgs_per_sec "$line")
  p99=$(field p99_us "$line")
  client_cpu=$(field client_cpu_pct "$line")
  local cpu_us
  cpu_us=$(awk -v t=$((after - before)) -v hz="$ticks_per_second" -v r="$rate" -v d="$duration" \
    'BEGIN { printf "%.2f", t * 1e6 / hz / (r * d) }')
  echo "$2 $1 $3 $rate $p99 $cpu_us $rss ${client_cpu:-0}" >>"$results/all"
}

run_idle() {  # server rep
  start_server "$1"
  local base
  base=$(rss_kib)
  timeout $((hold + 120)) taskset -c 1 "$loadgen" idle --port "$port" --conns "$idle_conns" --hold "$hold" \
    --threads 1 --timeout 30s --no-progress >"$results/line" 2>"$results/err" &
  local client=$!
  # Sample in the middle of the hold: every connection is open and has answered once.
  for _ in $(seq 1 600); do
    grep -q '^holding' "$results/err" && break
    sleep 0.1
  done
  sleep "$((hold / 2))"
  local held
  held=$(rss_kib)
  if ! wait "$client"; then
    echo "bench-echo: $1 idle failed: $(cat "$results/err")" >&2
    stop_server
    exit 1
  fi
  stop_server
  awk -v s="$1" -v r="$2" -v b="$base" -v h="$held" -v n="$idle_conns" \
    'BEGIN { printf "idle %s %s %d %d %.0f\n", s, r, b, h, (h - b) * 1024 / n }' >>"$results/idle"
}

# median and min-max of column $2 for rows matching workload $1 and server $3
stats() {
  awk -v w="$1" -v s="$3" -v c="$2" '$1 == w && $2 == s { print $c }' "$results/all" | sort -g |
    awk '{ v[NR] = $1 } END { m = (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2;
           printf "%s %s %s\n", m, v[1], v[NR] }'
}

echo "== machine: $(nproc) cores; $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs);" \
  "kernel $(uname -r); $reps repetitions of ${duration}s (+${warmup}s warm-up)"
for rep in $(seq 1 "$reps"); do
  for workload in "${workload_order[@]}"; do
    for server in "${server_order[@]}"; do
      run_workload "$server" "$workload" "$rep"
    done
  done
  for server in "${idle_order[@]}"; do run_idle "$server" "$rep"; done
done

echo
echo "| workload | server | msgs/s median (min–max) | ratio to raw | p99 µs median (min–max) | p99 ratio | server CPU µs/msg (min–max) | CPU/msg ratio | client CPU % (max) | RSS MiB |"
echo "|---|---|---|---|---|---|---|---|---|---|"
: >"$results/chart"
for workload in "${workload_order[@]}"; do
  read -r raw_rate _ _ < <(stats "$workload" 4 raw)
  read -r raw_p99 _ _ < <(stats "$workload" 5 raw)
  read -r raw_cpu _ _ < <(stats "$workload" 6 raw)
  for server in "${server_order[@]}"; do
    read -r rate rate_min rate_max < <(stats "$workload" 4 "$server")
    read -r p99 p99_min p99_max < <(stats "$workload" 5 "$server")
    read -r cpu cpu_min cpu_max < <(stats "$workload" 6 "$server")
    read -r rss _ _ < <(stats "$workload" 7 "$server")
    read -r client _ client_max < <(stats "$workload" 8 "$server")
    awk -v w="$workload" -v s="$server" -v r="$rate" -v r0="$rate_min" -v r1="$rate_max" \
      -v rr="$raw_rate" -v p="$p99" -v p0="$p99_min" -v p1="$p99_max" -v pr="$raw_p99" \
      -v c="$cpu" -v c0="$cpu_min" -v c1="$cpu_max" -v cr="$raw_cpu" -v m="$rss" \
      -v k="$client" -v k1="$client_max" -v kb="$client_bound" 'BEGIN {
        flag = (k1 > kb) ? " **client-bound**" : ""
        printf "| %s | %s | %.0f (%.0f–%.0f) | %.2f× | %.0f (%.0f–%.0f) | %.2f× | %.2f (%.2f–%.2f) | %.2f× | %.0f (%.0f)%s | %.1f |\n",
          w, s, r, r0, r1, r / rr, p, p0, p1, p / pr, c, c0, c1, c / cr, k, k1, flag, m / 1024 }'
    echo "$workload $server $(awk -v r="$rate" -v rr="$raw_rate" 'BEGIN { printf "%.3f", r / rr }')" \
      >>"$results/chart"
  done
done
echo
echo "| idle: $idle_conns connections held ${hold}s | server | RSS before MiB | RSS held MiB | bytes per connection (median, min–max) |"
echo "|---|---|---|---|---|"
for server in "${idle_order[@]}"; do
  awk -v s="$server" '$2 == s' "$results/idle" | sort -k6 -g | awk -v s="$server" '
    { b[NR] = $4; h[NR] = $5; p[NR] = $6 }
    END { m = int((NR + 1) / 2);
          printf "| | %s | %.1f | %.1f | %d (%d–%d) |\n", s, b[m] / 1024, h[m] / 1024, p[m], p[1], p[NR] }'
done

if command -v gnuplot >/dev/null 2>&1 && [[ -n "$chart" ]]; then
  mkdir -p "$(dirname "$chart")"
  # Rows: workload, then the ratio of each server in server_order.
  for workload in "${workload_order[@]}"; do
    printf '%s' "$workload"
    for server in "${server_order[@]}"; do
      printf ' %s' "$(awk -v w="$workload" -v s="$server" '$1 == w && $2 == s { print $3 }' "$results/chart")"
    done
    echo
  done >"$results/chart.dat"
  uring_plot=
  [[ -n "${URING_BUILD:-}" ]] && uring_plot=", '' using 5 title \"proactor inline, io_uring\""
  gnuplot <<GNUPLOT
set terminal pngcairo size 900,500 noenhanced font "sans,11"
set output "$chart"
set title "Echo throughput relative to the raw epoll server (median of $reps runs; 1 I/O thread; server core 0, client core 1)"
set style data histograms
set style histogram clustered gap 1
set style fill solid 0.8 border -1
set yrange [0:1.3]
set ylabel "msgs/s ÷ raw epoll msgs/s"
set grid ytics
set key top right
plot "$results/chart.dat" using 2:xtic(1) title "raw epoll", '' using 3 title "proactor inline", '' using 4 title "proactor --logic-threads 1"$uring_plot
GNUPLOT
  echo
  echo "chart: $chart"
fi
