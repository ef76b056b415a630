#pragma once

#include <proactor/session/close_reason.hpp>
#include <proactor/session/traffic_counters.hpp>

#include <array>
#include <atomic>
#include <cstdint>
#include <iosfwd>

namespace proactor {

/// A consistent-enough copy of a server's counters at one moment.
struct MetricsSnapshot
{
  std::uint64_t accepted = 0;       ///< connections taken into sessions
  std::uint64_t active = 0;         ///< sessions open now
  std::uint64_t refused = 0;        ///< connections closed at once: `max_connections` or stopping
  std::uint64_t accept_errors = 0;  ///< failed accepts (e.g. out of descriptors), each backed off
  std::uint64_t frames_in = 0;
  std::uint64_t frames_out = 0;
  std::uint64_t bytes_in = 0;
  std::uint64_t bytes_out = 0;
  std::uint64_t frames_dropped = 0;     ///< frames sent to sessions that had already closed
  std::uint64_t peak_queued_bytes = 0;  ///< the most bytes one session had queued at once
  std::uint64_t holds = 0;  ///< senders held because a recipient was above its high watermark
  std::array<std::uint64_t, kCloseReasonCount> closes{};  ///< indexed by `CloseReason`

  /// Closes for one reason.
  std::uint64_t closes_for(CloseReason reason) const noexcept
  {
    return closes[static_cast<std::size_t>(reason)];
  }
};

/// Prints one line of `key=value` pairs (for logs and the apps' exit summary).
std::ostream& operator<<(std::ostream& out, const MetricsSnapshot& snapshot);

/// The live counters. Every member may be updated and read from any thread.
class Metrics
{
 public:
  /// Totals the sessions add to directly.
  TrafficCounters traffic;
  std::atomic<std::uint64_t> accepted{0};
  std::atomic<std::uint64_t> active{0};
  std::atomic<std::uint64_t> refused{0};
  std::atomic<std::uint64_t> accept_errors{0};

  /// Counts one session ending. Any thread.
  void count_close(CloseReason reason) noexcept
  {
    closes_[static_cast<std::size_t>(reason)].fetch_add(1, std::memory_order_relaxed);
  }

  /// Copies every counter. Any thread.
  MetricsSnapshot snapshot() const noexcept;

 private:
  std::array<std::atomic<std::uint64_t>, kCloseReasonCount> closes_{};
};

}  // namespace proactor
