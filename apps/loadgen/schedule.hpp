#pragma once

#include <chrono>
#include <cstdint>

namespace proactor::loadgen {

using Clock = std::chrono::steady_clock;

/// When a traffic phase sends and which replies it measures; the same for every thread.
struct Schedule
{
  /// Sending starts (warm-up begins).
  Clock::time_point start;
  /// Replies from here on are counted and timed.
  Clock::time_point measure_start;
  /// No frame is sent from here on; replies after it are not counted; outstanding ones are
  /// still awaited (and verified) until `deadline`.
  Clock::time_point measure_end;
  /// Replies still missing then are errors.
  Clock::time_point deadline;
  /// Frames each connection sends at most in this phase; 0 = no limit (until measure_end).
  std::uint64_t frames_per_connection = 0;
};

}  // namespace proactor::loadgen
