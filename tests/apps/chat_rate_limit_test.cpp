// The chat server's per-sender token bucket on a fake clock: the time is a number the test
// chooses, so refills are exact and nothing sleeps.
#include "chat/chat_rate_limit.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <cstdint>
#include <limits>

namespace proactor::chat {
namespace chat_rate_limit_test {  // a unity build puts several test files in one unit
namespace {

using namespace std::chrono_literals;
using TimePoint = RateLimit::Clock::time_point;

// An arbitrary start, away from the clock's epoch.
constexpr TimePoint kStart = TimePoint{} + 1h;

// How many messages `limit` lets through at `now` before the first refusal (at most `most`,
// so that an unlimited bucket ends too).
int take_all(RateLimit& limit, TimePoint now, int most = 1000)
{
  int taken = 0;
  while (taken < most && limit.try_take(now)) ++taken;
  return taken;
}

TEST(ChatRateLimit, AFullBucketLetsTheBurstThroughThenRefuses)
{
  RateLimit limit(10, 3);
  EXPECT_FALSE(limit.unlimited());
  EXPECT_EQ(limit.burst(), 3u);
  EXPECT_DOUBLE_EQ(limit.per_second(), 10.0);
  EXPECT_TRUE(limit.try_take(kStart));
  EXPECT_TRUE(limit.try_take(kStart));
  EXPECT_TRUE(limit.try_take(kStart));
  EXPECT_FALSE(limit.try_take(kStart));
  EXPECT_FALSE(limit.try_take(kStart));  // a refusal spends nothing and gains nothing
}

TEST(ChatRateLimit, TheFirstCallFindsTheBucketFullWhateverTheTime)
{
  RateLimit at_epoch(1, 2);
  EXPECT_EQ(take_all(at_epoch, TimePoint{}), 2);
  RateLimit at_min(1, 2);
  EXPECT_EQ(take_all(at_min, TimePoint::min()), 2);
  RateLimit at_max(1, 2);
  EXPECT_EQ(take_all(at_max, TimePoint::max()), 2);
}

TEST(ChatRateLimit, TokensComeBackAtTheRate)
{
  RateLimit limit(10, 2);  // one token every 100 ms
  ASSERT_EQ(take_all(limit, kStart), 2);
  EXPECT_FALSE(limit.try_take(kStart + 99ms));
  EXPECT_TRUE(limit.try_take(kStart + 100ms));  // the 99 ms already counted
  EXPECT_FALSE(limit.try_take(kStart + 100ms));
  EXPECT_FALSE(limit.try_take(kStart + 199ms));
  EXPECT_TRUE(limit.try_take(kStart + 200ms));
  EXPECT_EQ(take_all(limit, kStart + 400ms), 2);  // 200 ms: two tokens
  EXPECT_FALSE(limit.try_take(kStart + 400ms));
}

TEST(ChatRateLimit, ASenderAtTheRateIsNeverRefusedAndOneFasterIs)
{
  RateLimit steady(10, 1);
  TimePoint now = kStart;
  for (int i = 0; i < 10'000; ++i, now += 100ms) ASSERT_TRUE(steady.try_take(now)) << i;

  RateLimit fast(10, 5);
  now = kStart;
  int taken = 0;
  for (int i = 0; i < 200; ++i, now += 50ms) taken += fast.try_take(now) ? 1 : 0;
  // 200 attempts at twice the rate over 9.95 s: the burst of 5 plus 99.5 tokens earned.
  EXPECT_EQ(taken, 104);
}

TEST(ChatRateLimit, TheBucketHoldsNoMoreThanTheBurst)
{
  RateLimit limit(10, 3);
  ASSERT_EQ(take_all(limit, kStart), 3);
  EXPECT_EQ(take_all(limit, kStart + 1h), 3);  // an hour earns 36000 tokens; 3 fit
  EXPECT_TRUE(limit.try_take(kStart + 1h + 100ms));
  EXPECT_FALSE(limit.try_take(kStart + 1h + 100ms));
  // A bucket that is never emptied stays at the burst.
  RateLimit idle(1, 2);
  for (int i = 0; i < 100; ++i) ASSERT_TRUE(idle.try_take(kStart + i * 10s)) << i;
  EXPECT_EQ(take_all(idle, kStart + 1000s), 2);
}

TEST(ChatRateLimit, ARateOfZeroIsUnlimited)
{
  RateLimit zero(0, 5);
  EXPECT_TRUE(zero.unlimited());
  EXPECT_EQ(take_all(zero, kStart, 100'000), 100'000);
  RateLimit by_default;
  EXPECT_TRUE(by_default.unlimited());
  EXPECT_EQ(take_all(by_default, kStart), 1000);
  // Rates that are no rate at all are not a limit either.
  for (const double rate :
       {-1.0, std::numeric_limits<double>::infinity(), std::numeric_limits<double>::quiet_NaN()}) {
    RateLimit limit(rate, 1);
    EXPECT_TRUE(limit.unlimited()) << rate;
    EXPECT_EQ(take_all(limit, kStart), 1000) << rate;
  }
}

TEST(ChatRateLimit, FractionalRatesRefillOverSeveralSeconds)
{
  RateLimit limit(0.5, 0);  // one message every 2 s; the burst rounds up to 1
  EXPECT_EQ(limit.burst(), 1u);
  EXPECT_TRUE(limit.try_take(kStart));
  EXPECT_FALSE(limit.try_take(kStart));
  EXPECT_FALSE(limit.try_take(kStart + 1s));
  EXPECT_FALSE(limit.try_take(kStart + 1999ms));
  EXPECT_TRUE(limit.try_take(kStart + 2s));
  EXPECT_FALSE(limit.try_take(kStart + 3s));
  EXPECT_TRUE(limit.try_take(kStart + 4s));

  RateLimit two_and_a_half(2.5, 5);  // 2 tokens after 800 ms, the half carried over
  ASSERT_EQ(take_all(two_and_a_half, kStart), 5);
  EXPECT_EQ(take_all(two_and_a_half, kStart + 1s), 2);
  EXPECT_EQ(take_all(two_and_a_half, kStart + 1200ms), 1);
}

TEST(ChatRateLimit, ABurstOfZeroIsTheRateRoundedUp)
{
  EXPECT_EQ(RateLimit(5, 0).burst(), 5u);
  EXPECT_EQ(RateLimit(2.5, 0).burst(), 3u);
  EXPECT_EQ(RateLimit(0.001, 0).burst(), 1u);
  EXPECT_EQ(RateLimit(1e12, 0).burst(), std::numeric_limits<std::uint32_t>::max());
  EXPECT_EQ(RateLimit(5, 1).burst(), 1u);  // a smaller burst than the rate is allowed
  RateLimit limit(5, 0);
  EXPECT_EQ(take_all(limit, kStart), 5);
}

TEST(ChatRateLimit, HugeGapsAndRatesDoNotOverflow)
{
  // From one end of the clock to the other: the refill caps at the burst.
  RateLimit across(1, 3);
  ASSERT_EQ(take_all(across, TimePoint::min()), 3);
  EXPECT_EQ(take_all(across, TimePoint::max()), 3);
  // Time that runs backwards adds nothing, and the later time stays the reference.
  EXPECT_EQ(take_all(across, TimePoint::min()), 0);
  EXPECT_EQ(take_all(across, TimePoint::max()), 0);

  // A rate near the double's limit refills in a nanosecond; a refill past the double's range
  // (infinity) is capped like any other.
  RateLimit huge(1e300, 2);
  ASSERT_EQ(take_all(huge, kStart), 2);
  EXPECT_EQ(take_all(huge, kStart + 1ns), 2);
  EXPECT_EQ(take_all(huge, TimePoint::max()), 2);

  // A rate near zero earns nothing in the clock's whole range.
  RateLimit tiny(1e-300, 1);
  ASSERT_EQ(take_all(tiny, TimePoint::min()), 1);
  EXPECT_EQ(take_all(tiny, TimePoint::max()), 0);

  // The largest burst the flags allow: the bucket counts every token.
  RateLimit wide(1, std::numeric_limits<std::uint32_t>::max());
  EXPECT_EQ(take_all(wide, kStart), 1000);  // `take_all` stops at 1000, the bucket did not
}

}  // namespace
}  // namespace chat_rate_limit_test
}  // namespace proactor::chat
