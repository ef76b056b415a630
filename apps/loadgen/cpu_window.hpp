#pragma once

#include "loadgen/schedule.hpp"

#include <chrono>
#include <condition_variable>
#include <mutex>
#include <optional>
#include <thread>

namespace proactor::loadgen {

/// The load generator's own CPU over the measured phase, so that a report can say whether
/// the client, rather than the server, was the limit. A thread of its own reads the process
/// CPU time at `from` and at `to`; it sleeps in between and costs nothing measurable.
/// Construct, `stop` and read on one thread (the main thread).
class CpuWindow
{
 public:
  /// Samples at `from` and `to` (both steady-clock instants).
  CpuWindow(Clock::time_point from, Clock::time_point to);
  /// Stops sampling early if it has not finished.
  ~CpuWindow();
  CpuWindow(const CpuWindow&) = delete;
  CpuWindow& operator=(const CpuWindow&) = delete;

  /// Ends sampling (at once if the phase was cut short) and returns the CPU used between
  /// the two instants as a percentage of one core (200 = two cores busy), or nothing when
  /// the window did not complete.
  std::optional<double> stop();

 private:
  void sample(Clock::time_point from, Clock::time_point to);

  std::mutex mutex_;
  std::condition_variable wake_;
  bool stopping_ = false;
  std::optional<double> percent_;
  std::thread thread_;
};

}  // namespace proactor::loadgen
