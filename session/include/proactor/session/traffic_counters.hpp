#pragma once

#include <atomic>
#include <cstdint>

namespace proactor {

/// Traffic totals that sessions add to. Shared by many sessions; every member may be read
/// and updated from any thread (relaxed atomics: totals, not synchronisation).
struct TrafficCounters
{
  std::atomic<std::uint64_t> frames_in{0};
  std::atomic<std::uint64_t> frames_out{0};
  std::atomic<std::uint64_t> bytes_in{0};
  std::atomic<std::uint64_t> bytes_out{0};
  /// Frames handed to `send` after the session had closed; they are dropped.
  std::atomic<std::uint64_t> frames_dropped{0};
  /// Times a session stopped reading because a recipient of its frames was above its high
  /// watermark (`Session::send(frame, from)`), counted once per recipient and hold.
  std::atomic<std::uint64_t> holds{0};
  /// The most bytes any one session has had queued for sending at once.
  std::atomic<std::uint64_t> peak_queued_bytes{0};

  /// Raises `peak_queued_bytes` to `queued` if that is higher. Any thread.
  void note_queued(std::uint64_t queued) noexcept
  {
    auto peak = peak_queued_bytes.load(std::memory_order_relaxed);
    while (queued > peak &&
           !peak_queued_bytes.compare_exchange_weak(peak, queued, std::memory_order_relaxed)) {
    }
  }
};

}  // namespace proactor
