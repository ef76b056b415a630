#pragma once

#include <chrono>
#include <cstdint>

namespace proactor::file {

/// Paces a transfer to at most `bytes_per_second` on average since it started: the
/// client's --limit-rate. Sans-io: it only says when the next bytes may go. Not thread safe;
/// one owner.
class RateLimiter
{
 public:
  using clock = std::chrono::steady_clock;

  /// Paces at `bytes_per_second` from `start`; 0 means no limit.
  RateLimiter(std::uint64_t bytes_per_second, clock::time_point start) noexcept
      : rate_(bytes_per_second), start_(start)
  {}

  /// The earliest time at which `bytes` (counted from the start) have been allowed through.
  clock::time_point allowed_at(std::uint64_t bytes) const noexcept
  {
    if (rate_ == 0) return start_;
    const double seconds = static_cast<double>(bytes) / static_cast<double>(rate_);
    return start_ +
           std::chrono::duration_cast<clock::duration>(std::chrono::duration<double>(seconds));
  }

  /// True when no limit applies.
  bool unlimited() const noexcept { return rate_ == 0; }

 private:
  std::uint64_t rate_;
  clock::time_point start_;
};

}  // namespace proactor::file
