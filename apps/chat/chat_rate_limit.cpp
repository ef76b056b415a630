#include "chat/chat_rate_limit.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>

namespace proactor::chat {
namespace {

// A product or quotient too large for a double becomes infinity, which std::min caps.
static_assert(std::numeric_limits<double>::is_iec559);

// Seconds from `from` to the later `to`. The difference of the tick counts is taken in
// unsigned arithmetic, where it cannot overflow even between the clock's extremes.
double seconds_between(RateLimit::Clock::time_point from, RateLimit::Clock::time_point to) noexcept
{
  using Period = RateLimit::Clock::period;
  const auto ticks = static_cast<std::uint64_t>(to.time_since_epoch().count()) -
                     static_cast<std::uint64_t>(from.time_since_epoch().count());
  return static_cast<double>(ticks) * static_cast<double>(Period::num) /
         static_cast<double>(Period::den);
}

}  // namespace

RateLimit::RateLimit(double per_second, std::uint32_t burst) noexcept
{
  if (!(per_second > 0) || std::isinf(per_second)) return;  // unlimited (NaN included)
  per_second_ = per_second;
  burst_ = burst;
  if (burst_ == 0) {
    constexpr double kMaxBurst = std::numeric_limits<std::uint32_t>::max();
    burst_ = static_cast<std::uint32_t>(std::clamp(std::ceil(per_second), 1.0, kMaxBurst));
  }
}

bool RateLimit::try_take(Clock::time_point now) noexcept
{
  if (unlimited()) return true;
  const auto capacity = static_cast<double>(burst_);
  if (!started_) {
    started_ = true;
    tokens_ = capacity;
    last_ = now;
  } else if (now > last_) {
    tokens_ = std::min(capacity, tokens_ + seconds_between(last_, now) * per_second_);
    last_ = now;
  }
  if (tokens_ < 1) return false;
  tokens_ -= 1;
  return true;
}

}  // namespace proactor::chat
