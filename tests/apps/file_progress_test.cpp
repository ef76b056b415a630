// The client's progress display and rate limit as text and times: no terminal, no clock.
#include "file/progress.hpp"
#include "file/rate_limiter.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <string>

namespace proactor::file {
namespace file_progress_test {  // a unity build puts several test files in one unit
namespace {

using namespace std::chrono_literals;
using clock = ProgressMeter::clock;

constexpr std::uint64_t kMiB = 1024 * 1024;

TEST(FileProgress, FormatsSizesAndRates)
{
  EXPECT_EQ(format_size(0), "0 B");
  EXPECT_EQ(format_size(1023), "1023 B");
  EXPECT_EQ(format_size(1024), "1.0 KiB");
  EXPECT_EQ(format_size(300 * kMiB), "300.0 MiB");
  EXPECT_EQ(format_size(3 * kMiB / 2 * 1024), "1.5 GiB");
  EXPECT_EQ(format_rate(250.5 * kMiB), "250.5 MiB/s");
  EXPECT_EQ(format_transfer(100 * kMiB, 50 * kMiB, 2s), "104857600 bytes in 2.00 s (25.0 MiB/s)");
}

TEST(FileProgress, LinesComeAtEachTenthAndNotMoreOften)
{
  const auto t0 = clock::time_point{};
  ProgressMeter meter(ProgressStyle::lines, "big.bin", 100 * kMiB, 0, t0);
  EXPECT_EQ(meter.update(5 * kMiB, t0 + 50ms), "");
  EXPECT_EQ(meter.update(10 * kMiB, t0 + 100ms),
            "big.bin: 10% (10.0 MiB of 100.0 MiB) at 100.0 MiB/s\n");
  EXPECT_EQ(meter.update(15 * kMiB, t0 + 150ms), "");
  // A stalled transfer still reports now and then.
  EXPECT_EQ(meter.update(15 * kMiB, t0 + 5150ms),
            "big.bin: 15% (15.0 MiB of 100.0 MiB) at 2.9 MiB/s\n");
  EXPECT_EQ(meter.update(100 * kMiB, t0 + 10s),
            "big.bin: 100% (100.0 MiB of 100.0 MiB) at 10.0 MiB/s\n");
  EXPECT_EQ(meter.finish(100 * kMiB, t0 + 10s), "");  // already said
}

TEST(FileProgress, ResumedTransfersCountOnlyTheirOwnBytesInTheRate)
{
  const auto t0 = clock::time_point{};
  ProgressMeter meter(ProgressStyle::lines, "x", 100 * kMiB, 50 * kMiB, t0);
  EXPECT_EQ(meter.update(55 * kMiB, t0 + 1s), "");
  EXPECT_EQ(meter.update(60 * kMiB, t0 + 1s), "x: 60% (60.0 MiB of 100.0 MiB) at 10.0 MiB/s\n");
  EXPECT_EQ(meter.finish(70 * kMiB, t0 + 2s), "x: 70% (70.0 MiB of 100.0 MiB) at 10.0 MiB/s\n");
}

TEST(FileProgress, BarRedrawsInPlaceAtMostFiveTimesASecond)
{
  const auto t0 = clock::time_point{};
  ProgressMeter meter(ProgressStyle::bar, "big.bin", 100 * kMiB, 0, t0);
  const std::string first = meter.update(50 * kMiB, t0 + 1s);
  EXPECT_EQ(first,
            "\rbig.bin                  [============>           ]  50%  50.0 MiB / 100.0 MiB  "
            "50.0 MiB/s  ETA 0:01\x1b[K");
  EXPECT_EQ(meter.update(51 * kMiB, t0 + 1100ms), "");
  EXPECT_NE(meter.update(52 * kMiB, t0 + 1200ms), "");
  const std::string last = meter.finish(100 * kMiB, t0 + 2s);
  EXPECT_TRUE(last.starts_with("\rbig.bin                  [========================] 100%"))
      << last;
  EXPECT_TRUE(last.ends_with("ETA --:--\x1b[K\n")) << last;
}

TEST(FileProgress, NoneShowsNothingAndEmptyFilesAreDone)
{
  const auto t0 = clock::time_point{};
  ProgressMeter quiet(ProgressStyle::none, "x", 10, 0, t0);
  EXPECT_EQ(quiet.update(10, t0 + 10s), "");
  EXPECT_EQ(quiet.finish(10, t0 + 10s), "");
  ProgressMeter empty(ProgressStyle::lines, "empty", 0, 0, t0);
  EXPECT_EQ(empty.finish(0, t0), "empty: 100% (0 B of 0 B) at 0 B/s\n");
}

TEST(FileRateLimiter, SpacesBytesAtTheRate)
{
  const auto t0 = clock::time_point{};
  const RateLimiter limited(kMiB, t0);
  EXPECT_FALSE(limited.unlimited());
  EXPECT_EQ(limited.allowed_at(0), t0);
  EXPECT_EQ(limited.allowed_at(kMiB / 2), t0 + 500ms);
  EXPECT_EQ(limited.allowed_at(3 * kMiB), t0 + 3s);
  const RateLimiter unlimited(0, t0);
  EXPECT_TRUE(unlimited.unlimited());
  EXPECT_EQ(unlimited.allowed_at(100 * kMiB), t0);
}

}  // namespace
}  // namespace file_progress_test
}  // namespace proactor::file
