#pragma once

#include <chrono>
#include <cstdint>

namespace proactor::chat {

/// One session's guard against flooding (`--max-msgs-per-sec`, `--burst`): a token bucket that
/// holds at most `burst()` tokens and refills at `per_second()` tokens a second; each say or
/// private message spends one, and a message that finds no whole token is refused. Sans-io:
/// the caller passes the time, so tests drive it with a fake clock. No allocation, no clock
/// read, no overflow for any gap between two time points or any rate.
///
///   RateLimit limit(limits.max_msgs_per_sec, limits.burst);  // parentheses: uint32 to double
///   if (!limit.try_take(std::chrono::steady_clock::now())) reply(ErrorCode::rate_limited);
class RateLimit
{
 public:
  /// The clock whose time points `try_take` takes.
  using Clock = std::chrono::steady_clock;

  /// An unlimited bucket: `try_take` is always true. Any thread (nothing is shared yet).
  RateLimit() noexcept = default;

  /// A bucket refilling at `per_second` tokens a second (fractions allowed: 0.5 is one message
  /// every 2 s) and holding at most `burst`; `burst` 0 means the rate rounded up, and the
  /// bucket holds at least 1. `per_second` 0 (or below 0, infinite, NaN) means unlimited. Any
  /// thread (nothing is shared yet).
  RateLimit(double per_second, std::uint32_t burst) noexcept;

  /// Refills the bucket for the time since the previous call (capped at `burst()`; the first
  /// call finds it full), then spends one token and returns true if a whole one is there, else
  /// returns false and spends nothing. A `now` before the previous call's counts as no time
  /// passed. Always true when `unlimited()`. Not thread safe: one session's handler thread.
  bool try_take(Clock::time_point now) noexcept;

  /// True when the bucket never refuses (a rate of 0). Not thread safe: one session's
  /// handler thread.
  bool unlimited() const noexcept { return per_second_ == 0; }

  /// Tokens added per second; 0 when `unlimited()`. Not thread safe: one session's handler
  /// thread.
  double per_second() const noexcept { return per_second_; }

  /// Most tokens the bucket holds, so most messages at once (at least 1; 0 when
  /// `unlimited()`). Not thread safe: one session's handler thread.
  std::uint32_t burst() const noexcept { return burst_; }

 private:
  double per_second_ = 0;  // 0: unlimited
  double tokens_ = 0;      // valid once started_
  Clock::time_point last_{};
  std::uint32_t burst_ = 0;
  bool started_ = false;
};

}  // namespace proactor::chat
