#!/usr/bin/env bash
# One sender floods a chat room through the real programs: proactor-chat-server on port 0,
# READERS proactor-chat-clients that only print (--keep-open, stdin from /dev/null), and one
# proactor-chat-client whose stdin is a file of MESSAGES numbered lines of SIZE bytes. Every
# run starts afresh and prints one line:
#
#   wall          from the flooder's start until the last reader printed its last line (or
#                 the flooder exited, if later); flood: the flooder's own run, until its exit
#   msgs/s        messages delivered to the readers (all of them together) per second of wall
#   received      how many of the flooder's lines each reader printed, and how many of them
#                 came out of order (a reader is owed all of them, in order)
#   cut           the clients the server disconnected (a reader that exited, a flooder that
#                 failed), or none
#   server_cpu    the server's user+system CPU over the run (/proc/PID/stat), and per
#                 delivered message
#   flooder_cpu   the flooder's CPU time over its wall time
#   server_hwm    the server's peak RSS (VmHWM)
#
# then the median of each over the runs.
#
#   scripts/bench-flood.sh [BUILD_DIR]    RUNS=3 READERS=3 MESSAGES=40000 SIZE=900
#
# SERVER_BIN runs another build's server (e.g. an older one) against this build's clients.
# SERVER_ARGS adds flags to the server (e.g. "--logic-threads 2", "--overflow-timeout 2s").
# STOPPED=1 adds one more reader that joins and is then stopped (SIGSTOP) for the whole run,
# so it never reads its socket; at the end it is resumed and asked for /rooms, which tells
# whether the server still had it connected, and is reported apart (it is owed nothing).
# SIZE is at least 7 and at most the server's --max-message (1024 by default). KEEP=1 keeps
# the temporary directory (the outputs of every run) and prints its path. JOBS sets the
# build's parallelism (default: all cores). The build directory is made with the release
# preset if it does not exist yet. Nothing is pinned to a core: the server, the readers and
# the flooder share the machine. Loopback only; every step is bounded in time, and every
# process started is stopped on exit.
set -euo pipefail
build=${1:-build}
runs=${RUNS:-3}
readers=${READERS:-3}
messages=${MESSAGES:-40000}
size=${SIZE:-900}
server_args=${SERVER_ARGS:-}
stopped=${STOPPED:-0}
keep=${KEEP:-0}
server_bin=${SERVER_BIN:-$build/bin/proactor-chat-server}
client_bin=$build/bin/proactor-chat-client

if ((size < 7)); then
  echo "bench-flood: SIZE must be at least 7 (six digits and one byte of padding)" >&2
  exit 2
fi
if [[ ! -d "$build" ]]; then cmake --preset release >/dev/null; fi
cmake --build "$build" -j "${JOBS:-$(nproc)}" --target proactor-chat-server proactor-chat-client \
  >/dev/null

dir=$(mktemp -d /tmp/proactor-bench-flood.XXXXXX)
pids=()
stopped_pid=
# alive PID: running (or stopped), not exited; an exited child stays a zombie until waited.
alive() {
  local state
  state=$(awk '{ print $3 }' "/proc/$1/stat" 2>/dev/null) || return 1
  [[ -n "$state" && "$state" != Z ]]
}
cleanup() {
  # A stopped process only acts on SIGTERM once resumed.
  if [[ -n "$stopped_pid" ]]; then kill -CONT "$stopped_pid" 2>/dev/null || true; fi
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do
    for _ in $(seq 1 200); do alive "$pid" || break; sleep 0.05; done
    kill -9 "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
  done
  pids=()
  stopped_pid=
  exec 3>&-
}
finish() {
  cleanup
  if [[ "$keep" == 1 ]]; then echo "bench-flood: outputs kept in $dir" >&2; else rm -rf "$dir"; fi
}
trap finish EXIT
ticks_per_second=$(getconf CLK_TCK)

# The flooder's stdin: its name and room, then the numbered lines.
{
  printf '/nick flooder\n/join flood\n'
  awk -v n="$messages" -v size="$size" 'BEGIN {
    pad = sprintf("%*s", size - 6, ""); gsub(/ /, "x", pad)
    for (i = 0; i < n; i++) printf "%06d%s\n", i, pad }'
} >"$dir/input"
last_line=$(printf '[flood] flooder: %06d' $((messages - 1)))

# wait_for FILE PATTERN [SECONDS]: until a line of FILE matches (grep -E), at most SECONDS.
wait_for() {
  local file=$1 pattern=$2 seconds=${3:-10}
  for _ in $(seq 1 $((seconds * 20))); do
    if grep -q -m1 -E "$pattern" "$file" 2>/dev/null; then return 0; fi
    sleep 0.05
  done
  echo "bench-flood: timed out waiting for '$pattern' in $file" >&2
  return 1
}

cpu_ticks() { awk '{ print $14 + $15 }' "/proc/$1/stat"; }
hwm_kib() { awk '/^VmHWM/ { print $2 }' "/proc/$1/status"; }
now() { date +%s.%N; }

# tally FILE: "<lines received> <out of order>" of the flooder's lines in a client's output.
tally() {
  awk -v p="[flood] flooder: " 'index($0, p) == 1 {
      n = substr($0, length(p) + 1, 6) + 0
      if (c > 0 && n <= last) bad++
      last = n; c++ }
    END { printf "%d %d\n", c, bad }' "$1"
}

# start_reader NICK STDIN: a client in room flood printing to $run/NICK.out; sets reader_pid.
start_reader() {
  local nick=$1 input=$2
  "$client_bin" --port "$port" --nick "$nick" --room flood --keep-open <"$input" \
    >"$run/$nick.out" 2>"$run/$nick.err" &
  reader_pid=$!
  pids+=("$reader_pid")
  wait_for "$run/$nick.out" "^\* $nick joined flood$"
}

one_run() {  # run number -> appends "wall msgs_per_s cpu_us_per_msg flooder_cpu hwm_kib" to $dir/all
  local n=$1
  run=$dir/run$n
  mkdir -p "$run"
  # shellcheck disable=SC2086
  "$server_bin" --port 0 $server_args >"$run/server.out" 2>"$run/server.err" &
  local server_pid=$!
  pids+=("$server_pid")
  wait_for "$run/server.out" '^listening on ' >/dev/null
  port=$(sed -n 's/^listening on .*:\([0-9]*\)$/\1/p' "$run/server.out")

  local reader_pids=() nicks=()
  for i in $(seq 1 "$readers"); do
    start_reader "reader$i" /dev/null
    reader_pids+=("$reader_pid")
    nicks+=("reader$i")
  done
  if [[ "$stopped" == 1 ]]; then
    # Its stdin is a pipe the script holds open, for the /rooms question at the end.
    mkfifo "$run/stopped.in"
    exec 3<>"$run/stopped.in"
    start_reader stopped "$run/stopped.in"
    stopped_pid=$reader_pid
    kill -STOP "$stopped_pid"
  fi

  local cpu_before started
  cpu_before=$(cpu_ticks "$server_pid")
  started=$(now)
  local flooder_rc=0 TIMEFORMAT='%R %U %S'
  { time timeout 300 "$client_bin" --port "$port" <"$dir/input" >"$run/flooder.out" \
    2>"$run/flooder.err"; } 2>"$run/flooder.time" || flooder_rc=$?

  # Each reader is done once it printed the last line, exited (cut off), or printed nothing
  # for 2 s (it lost the end); at most 60 s in all. The run ended when the last reader's
  # output last grew (or the flooder exited, if later).
  local deadline=$((SECONDS + 60)) outputs=()
  for i in "${!reader_pids[@]}"; do
    local out=$run/${nicks[$i]}.out size_was=-1 quiet=0
    outputs+=("$out")
    while ((SECONDS < deadline && quiet < 40)); do
      if tail -c $((size + 1000)) "$out" | grep -qF "$last_line"; then break; fi
      alive "${reader_pids[$i]}" || break
      local size_now
      size_now=$(stat -c %s "$out")
      if ((size_now == size_was)); then quiet=$((quiet + 1)); else quiet=0; fi
      size_was=$size_now
      sleep 0.05
    done
  done
  local ended cpu_after hwm
  ended=$(stat -c %.9Y "${outputs[@]}" | awk -v s="$started" -v f="$(cut -d' ' -f1 "$run/flooder.time")" \
    'BEGIN { m = s + f } $1 > m { m = $1 } END { printf "%.9f", m }')
  cpu_after=$(cpu_ticks "$server_pid")
  hwm=$(hwm_kib "$server_pid")

  local delivered=0 received="" cut=()
  for i in "${!reader_pids[@]}"; do
    local got bad
    read -r got bad < <(tally "$run/${nicks[$i]}.out")
    delivered=$((delivered + got))
    received+="${received:+ }$got"
    ((bad == 0)) || received+="(${bad} out of order)"
    alive "${reader_pids[$i]}" || cut+=("${nicks[$i]}")
  done
  local flooder_own flooder_note=""
  read -r flooder_own _ < <(tally "$run/flooder.out")
  if ((flooder_rc != 0)); then
    cut+=(flooder)
    flooder_note=" flooder: exit $flooder_rc, $(head -c 200 "$run/flooder.err")"
  fi

  local stopped_note=""
  if [[ "$stopped" == 1 ]]; then
    kill -CONT "$stopped_pid"
    echo /rooms >&3
    local connected=unknown
    for _ in $(seq 1 600); do
      if grep -q '^rooms: ' "$run/stopped.out"; then connected=yes; break; fi
      if ! alive "$stopped_pid"; then connected=no; break; fi
      sleep 0.05
    done
    local stopped_got
    read -r stopped_got _ < <(tally "$run/stopped.out")
    stopped_note=" stopped_reader: received=$stopped_got connected=$connected"
  fi

  read -r flood_wall flood_user flood_sys <"$run/flooder.time"
  awk -v n="$n" -v s="$started" -v e="$ended" -v fw="$flood_wall" -v fu="$flood_user" \
    -v fs="$flood_sys" -v d="$delivered" -v r="$received" -v own="$flooder_own" \
    -v cut="${cut[*]:-none}" -v t=$((cpu_after - cpu_before)) -v hz="$ticks_per_second" \
    -v hwm="$hwm" -v note="$flooder_note$stopped_note" -v all="$dir/all" 'BEGIN {
      wall = e - s; cpu = t / hz
      rate = wall > 0 ? d / wall : 0
      per = d > 0 ? cpu * 1e6 / d : 0
      fcpu = fw > 0 ? (fu + fs) * 100 / fw : 0
      printf "run=%d wall=%.2fs flood=%.2fs msgs/s=%.0f delivered=%d received=%s flooder_own=%d cut=%s server_cpu=%.2fs cpu_us/msg=%.2f flooder_cpu=%.0f%% server_hwm=%.1fMiB%s\n",
        n, wall, fw, rate, d, r, own, cut, cpu, per, fcpu, hwm / 1024, note
      printf "%.3f %.0f %.3f %.1f %d\n", wall, rate, per, fcpu, hwm >> all }'
  cleanup
}

setup="$runs runs of $messages x ${size} B to $readers readers"
[[ "$stopped" == 1 ]] && setup+=" and a stopped one"
[[ -n "$server_args" ]] && setup+="; server $server_args"
echo "== machine: $(nproc) cores; $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs);" \
  "load $(cut -d' ' -f1-3 /proc/loadavg); $setup"
for n in $(seq 1 "$runs"); do one_run "$n"; done

median() {  # column -> its median over the runs
  awk -v c="$1" '{ print $c }' "$dir/all" | sort -g |
    awk '{ v[NR] = $1 } END { printf "%s", (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}
awk -v w="$(median 1)" -v r="$(median 2)" -v p="$(median 3)" -v f="$(median 4)" \
  -v h="$(median 5)" -v n="$runs" 'BEGIN {
    printf "median of %d: wall=%.2fs msgs/s=%.0f cpu_us/msg=%.2f flooder_cpu=%.0f%% server_hwm=%.1fMiB\n",
      n, w, r, p, f, h / 1024 }'
