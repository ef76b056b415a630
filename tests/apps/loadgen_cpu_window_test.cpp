// The load generator's CPU sampler: a complete window reports, a cut one does not.
#include "loadgen/cpu_window.hpp"

#include <gtest/gtest.h>

#include <chrono>

namespace proactor::loadgen {
namespace loadgen_cpu_window_test {  // a unity build puts several test files in one unit
namespace {

using namespace std::chrono_literals;

// Keeps this thread on the CPU until `until`.
void burn_until(Clock::time_point until)
{
  volatile unsigned sink = 0;
  while (Clock::now() < until) sink = sink + 1;
}

TEST(CpuWindow, ReportsABusyThreadWhenStoppedRightAtTheWindowsEnd)
{
  const auto from = Clock::now() + 20ms;
  const auto to = from + 200ms;
  CpuWindow window(from, to);
  burn_until(to);
  // The workers stop at `to` as well: a stop that wins the race with the sampler's own
  // timeout must still give the window's figure.
  const auto percent = window.stop();
  ASSERT_TRUE(percent.has_value());
  // One thread spun the whole window; on a loaded machine it may have had less of its core.
  EXPECT_GT(*percent, 10.0);
  EXPECT_LT(*percent, 100.0 * 64);
}

TEST(CpuWindow, ReportsNothingForAWindowCutShort)
{
  const auto from = Clock::now();
  CpuWindow window(from, from + 10s);
  burn_until(from + 50ms);
  EXPECT_FALSE(window.stop().has_value());
}

TEST(CpuWindow, ReportsNothingWhenStoppedBeforeTheWindowOpens)
{
  CpuWindow window(Clock::now() + 10s, Clock::now() + 20s);
  EXPECT_FALSE(window.stop().has_value());
}

}  // namespace
}  // namespace loadgen_cpu_window_test
}  // namespace proactor::loadgen
