#!/usr/bin/env bash
# Builds the libFuzzer targets of tests/fuzz with clang into build-fuzz, replays the saved
# regression inputs, then fuzzes each target for FUZZ_SECONDS seconds (default 60) starting
# from its seed corpus. Prints each target's final libFuzzer stats; exits non-zero when any
# target crashed or broke an invariant (details, and the input that did it, are printed).
#
#   scripts/fuzz.sh                     every target, FUZZ_SECONDS each
#   scripts/fuzz.sh packet_reader       only the named targets
#   FUZZ_SECONDS=20 make fuzz           the CI smoke run
#
# Inputs the fuzzer finds interesting go to build-fuzz/corpus/<target> (kept between runs,
# never into the committed seeds); crashing inputs to build-fuzz/artifacts/<target>/.
set -euo pipefail
cd "$(dirname "$0")/.."

seconds=${FUZZ_SECONDS:-60}
jobs=${FUZZ_JOBS:-2}
build=build-fuzz
targets=(frame_decoder packet_reader chat_protocol)
if (($# > 0)); then targets=("$@"); fi

if ! [[ "$seconds" =~ ^[0-9]+$ ]] || ((seconds == 0)); then
  # libFuzzer reads -max_total_time=0 as "no limit".
  echo "fuzz: FUZZ_SECONDS must be a positive number of seconds, not '$seconds'" >&2
  exit 2
fi

# clang 14 is Debian 12's default; libFuzzer and the sanitizer runtimes come with
# libclang-rt-14-dev, llvm-symbolizer (readable stack traces) with llvm-14.
scripts/install-deps.sh clang-14 libclang-rt-14-dev llvm-14

# Quiet unless something goes wrong: then the configure or compiler output is shown.
start=$SECONDS
mkdir -p "$build"
if ! { cmake -S . -B "$build" -G Ninja \
         -DCMAKE_CXX_COMPILER=clang++-14 \
         -DCMAKE_BUILD_TYPE=RelWithDebInfo \
         -DCMAKE_CXX_FLAGS_RELWITHDEBINFO="-O1 -g" \
         -DPROACTOR_FUZZ=ON \
         -DPROACTOR_BUILD_TESTS=OFF -DPROACTOR_BUILD_APPS=OFF -DPROACTOR_BUILD_BENCH=OFF \
         -DPROACTOR_INSTALL=OFF -DPROACTOR_PCH=OFF &&
       cmake --build "$build" -j "$jobs" --target "${targets[@]/#/proactor_fuzz_}"; } \
     >"$build/build.log" 2>&1; then
  tail -n 60 "$build/build.log" >&2
  echo "fuzz: the clang build failed (full output: $build/build.log)" >&2
  exit 1
fi
echo "fuzz: built ${targets[*]} with clang++-14 in $((SECONDS - start)) s"

export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
if [[ -x /usr/lib/llvm-14/bin/llvm-symbolizer ]]; then
  export ASAN_SYMBOLIZER_PATH=/usr/lib/llvm-14/bin/llvm-symbolizer
fi

# Prints the log's tail and the saved input after a failed run.
report_finding() {
  local target=$1 log=$2 artifacts=$3
  echo "fuzz: FINDING in $target (log: $log)"
  grep -m1 -E 'broken invariant|ERROR: (AddressSanitizer|libFuzzer|LeakSanitizer)|runtime error' \
    "$log" | sed 's/^/  /' || true
  tail -n 25 "$log" | sed 's/^/  | /'
  local saved
  for saved in "$artifacts"*; do
    [[ -e "$saved" ]] && echo "  input: $saved ($(stat -c %s "$saved") bytes)"
  done
  return 0
}

failed=0
for target in "${targets[@]}"; do
  binary="$build/bin/proactor_fuzz_$target"
  seeds="tests/fuzz/corpus/$target"
  regressions="tests/fuzz/regressions/$target"
  work="$build/corpus/$target"
  artifacts="$build/artifacts/$target/"
  log="$build/logs/$target.log"
  mkdir -p "$work" "$artifacts" "$(dirname "$log")"

  # Saved reproducers first: each runs once and must pass.
  if compgen -G "$regressions/*" >/dev/null; then
    if ! "$binary" -artifact_prefix="$artifacts" "$regressions"/* >"$log" 2>&1; then
      report_finding "$target" "$log" "$artifacts"
      failed=1
      continue
    fi
  fi

  status=0
  "$binary" -max_total_time="$seconds" -timeout=10 -print_final_stats=1 \
    -artifact_prefix="$artifacts" "$work" "$seeds" >"$log" 2>&1 || status=$?

  done_line=$(grep -E '^#[0-9]+[[:space:]]+DONE' "$log" | tail -n 1 || true)
  execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -n 1)
  rate=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log" | tail -n 1)
  printf 'fuzz: %-14s %12s execs %8s/s   %s\n' "$target" "${execs:-?}" "${rate:-?}" \
    "${done_line:-(no final stats line)}"
  if ((status != 0)); then
    report_finding "$target" "$log" "$artifacts"
    failed=1
  fi
done

if ((failed)); then
  echo "fuzz: FAILED (see the findings above)"
  exit 1
fi
echo "fuzz: no findings (${targets[*]}: ${seconds} s each)"
