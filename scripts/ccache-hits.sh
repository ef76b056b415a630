#!/usr/bin/env bash
# Prints how many of a build's compilations ccache answered from its cache.
#
#   scripts/ccache-hits.sh snapshot FILE   remember ccache's counters in FILE
#   scripts/ccache-hits.sh report FILE     print the hits since the snapshot in FILE
#
# Silent when ccache is not installed (the build then compiles without it).
set -euo pipefail
command -v ccache >/dev/null 2>&1 || exit 0
counters() {
  ccache --print-stats 2>/dev/null |
    awk '$1 == "direct_cache_hit" || $1 == "preprocessed_cache_hit" { hits += $2 }
         $1 == "cache_miss" { misses += $2 }
         END { print hits + 0, misses + 0 }'
}
case "${1:-}" in
  snapshot) counters >"$2" ;;
  report)
    read -r hits0 misses0 <"$2" 2>/dev/null || { hits0=0; misses0=0; }
    read -r hits1 misses1 < <(counters)
    hits=$((hits1 - hits0)) misses=$((misses1 - misses0)) total=$((hits + misses))
    ((total > 0)) && echo "ccache: $hits of $total compilations from the cache ($((100 * hits / total)) %)"
    exit 0
    ;;
  *)
    echo "usage: $0 snapshot|report FILE" >&2
    exit 2
    ;;
esac
