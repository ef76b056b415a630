// The load generator's latency histogram, with known samples.
#include "loadgen/latency_histogram.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <cstdint>

namespace proactor::loadgen {
namespace loadgen_histogram_test {  // a unity build puts several test files in one unit
namespace {

using std::chrono::nanoseconds;

TEST(LatencyHistogram, IsExactBelowSixtyFourNanoseconds)
{
  for (std::uint64_t v = 0; v < 64; ++v) {
    EXPECT_EQ(LatencyHistogram::bucket_of(v), v);
    EXPECT_EQ(LatencyHistogram::bucket_upper(v), v);
  }
}

TEST(LatencyHistogram, EveryValueLiesInItsBucketWithinOneSixtyFourth)
{
  // Bounded sweep over many magnitudes, including the edges of every power of two.
  for (unsigned bit = 6; bit < 64; ++bit) {
    const std::uint64_t base = std::uint64_t{1} << bit;
    for (const std::uint64_t v : {base - 1, base, base + 1, base + base / 3, base * 2 - 1}) {
      const auto upper = LatencyHistogram::bucket_upper(LatencyHistogram::bucket_of(v));
      ASSERT_GE(upper, v) << v;
      ASSERT_LE(static_cast<long double>(upper - v), static_cast<long double>(v) / 64) << v;
    }
  }
  EXPECT_LT(LatencyHistogram::bucket_of(UINT64_MAX), (64 - 6 + 1) * 64u);
}

TEST(LatencyHistogram, BucketsTileTheRangeWithoutGapsOrOverlaps)
{
  // Each bucket's upper edge falls in it, and the next value starts the next bucket.
  for (std::size_t i = 0; i + 1 < (64 - 6 + 1) * 64; ++i) {
    const std::uint64_t upper = LatencyHistogram::bucket_upper(i);
    ASSERT_EQ(LatencyHistogram::bucket_of(upper), i);
    ASSERT_EQ(LatencyHistogram::bucket_of(upper + 1), i + 1);
  }
}

TEST(LatencyHistogram, PercentilesOfAUniformSpread)
{
  LatencyHistogram h;
  for (int us = 1; us <= 1000; ++us) h.record(std::chrono::microseconds(us));
  EXPECT_EQ(h.count(), 1000u);
  EXPECT_EQ(h.min(), std::chrono::microseconds(1));
  EXPECT_EQ(h.max(), std::chrono::microseconds(1000));
  EXPECT_NEAR(static_cast<double>(h.mean().count()), 500'500.0, 1.0);
  const auto near = [](nanoseconds got, double want_us) {
    const double got_us = static_cast<double>(got.count()) / 1000.0;
    return got_us >= want_us && got_us <= want_us * (1 + 1.0 / 64);
  };
  EXPECT_TRUE(near(h.percentile(50), 500)) << h.percentile(50).count();
  EXPECT_TRUE(near(h.percentile(90), 900)) << h.percentile(90).count();
  EXPECT_TRUE(near(h.percentile(99), 990)) << h.percentile(99).count();
  EXPECT_EQ(h.percentile(100), std::chrono::microseconds(1000));
  EXPECT_EQ(h.percentile(99.99), std::chrono::microseconds(1000));  // capped by the max
}

TEST(LatencyHistogram, OneOutlierShowsOnlyInTheTail)
{
  LatencyHistogram h;
  for (int i = 0; i < 999; ++i) h.record(nanoseconds(100));
  h.record(std::chrono::milliseconds(50));
  EXPECT_LE(h.percentile(99.9).count(), 101);
  EXPECT_EQ(h.percentile(100), std::chrono::milliseconds(50));
  EXPECT_EQ(h.max(), std::chrono::milliseconds(50));
}

TEST(LatencyHistogram, MergeEqualsRecordingEverythingInOne)
{
  LatencyHistogram a;
  LatencyHistogram b;
  LatencyHistogram all;
  for (int i = 1; i <= 500; ++i) {
    a.record(nanoseconds(i * 37));
    all.record(nanoseconds(i * 37));
    b.record(nanoseconds(i * 1'000'003));
    all.record(nanoseconds(i * 1'000'003));
  }
  a.merge(b);
  EXPECT_EQ(a.count(), all.count());
  EXPECT_EQ(a.min(), all.min());
  EXPECT_EQ(a.max(), all.max());
  for (const double p : {1.0, 25.0, 50.0, 75.0, 99.0, 99.9})
    EXPECT_EQ(a.percentile(p), all.percentile(p)) << p;
}

TEST(LatencyHistogram, EmptyReportsZeroAndNegativeCountsAsZero)
{
  LatencyHistogram h;
  EXPECT_EQ(h.percentile(50).count(), 0);
  EXPECT_EQ(h.min().count(), 0);
  EXPECT_EQ(h.mean().count(), 0);
  h.record(nanoseconds(-5));
  EXPECT_EQ(h.count(), 1u);
  EXPECT_EQ(h.max().count(), 0);
}

}  // namespace
}  // namespace loadgen_histogram_test
}  // namespace proactor::loadgen
