#!/usr/bin/env bash
# Cross-builds proactor for Windows (the `windows` preset: MinGW-w64, IOCP) and runs the test
# suite under Wine, then the interop test against the native Linux build (build/bin).
#
#   scripts/test-windows.sh          configure, build, ctest under Wine, interop
#   JOBS=N scripts/test-windows.sh   build with N jobs (default 2)
#
# `make test-windows` installs the packages and builds the native tree first.
#
# Wine: a private prefix under the build tree (~/.wine is never touched), WINEDEBUG=-all, one
# persistent wineserver started and the prefix booted *before* the build (test discovery runs
# the .exe files) and before ctest, stopped at the end. Without the persistent server every
# program start waits ~3 s for a wineserver to come and go, and a prefix that is not booted
# makes the first program hang in wineboot. No display is needed.
set -euo pipefail
cd "$(dirname "$0")/.."
build_dir=$PWD/build-windows
jobs=${JOBS:-2}

export WINEPREFIX=$build_dir/wine-prefix
export WINEDEBUG=-all
export WINEARCH=win64
# No Mono/Gecko installer prompts while the prefix is created.
export WINEDLLOVERRIDES="mscoree,mshtml="
mkdir -p "$WINEPREFIX"

stop_wineserver() { wineserver -k >/dev/null 2>&1 || true; }
trap stop_wineserver EXIT
# A server left from an interrupted run (of this private prefix only) would make -p fail.
stop_wineserver
# Its output goes nowhere: a daemon holding our stdout would keep a pipe reader waiting.
wineserver -p >/dev/null 2>&1
wine wineboot --init >/dev/null 2>&1 </dev/null

cmake --preset windows >/dev/null
cmake --build --preset windows -j "$jobs"
ctest --preset windows
scripts/test-interop-windows.sh build/bin build-windows/bin
