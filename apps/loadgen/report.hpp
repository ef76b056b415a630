#pragma once

#include "loadgen/loadgen_options.hpp"
#include "loadgen/run_result.hpp"

#include <chrono>
#include <iosfwd>

namespace proactor::loadgen {

/// Prints the result of a run as `key=value` lines (text) or one JSON object, to `out`.
/// `measured` is the length of the measured phase. The text form's first line is stable for
/// scripts: `mode=... msgs_per_sec=... mib_per_sec=... p50_us=... p99_us=... errors=...`,
/// then `client_cpu_pct=...` (the load generator's CPU, percent of one core) when measured.
void print_report(std::ostream& out, const LoadgenOptions& options, const RunResult& result,
                  std::chrono::nanoseconds measured);

/// Live progress for a terminal: rewrites one stderr line with the rate since the last call.
class ProgressLine
{
 public:
  /// Shows `replies` (so far) as a rate over the time since the previous call, with `label`.
  void update(const char* label, std::uint64_t replies);
  /// Clears the line so the report starts on a clean one.
  void clear();

 private:
  std::chrono::steady_clock::time_point last_time_ = std::chrono::steady_clock::now();
  std::uint64_t last_replies_ = 0;
  bool shown_ = false;
};

}  // namespace proactor::loadgen
