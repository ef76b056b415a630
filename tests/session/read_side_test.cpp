#include <proactor/session/read_side.hpp>

#include <gtest/gtest.h>

#include <thread>
#include <vector>

namespace proactor {
namespace read_side_test {  // a unity build puts several test files in one unit
namespace {

using namespace std::chrono_literals;
using detail::ReadSide;

ReadSide::clock::time_point t(int ms)
{
  return ReadSide::clock::time_point{} + std::chrono::hours(1) + std::chrono::milliseconds(ms);
}

TEST(ReadSide, AnyGateStopsFrames)
{
  ReadSide read(1s);
  EXPECT_FALSE(read.gated());
  read.pause();
  EXPECT_TRUE(read.gated());
  EXPECT_TRUE(read.resume());
  EXPECT_FALSE(read.resume());  // not paused any more
  EXPECT_FALSE(read.gated());
  read.stop_input();
  EXPECT_TRUE(read.gated());
}

TEST(ReadSide, HoldsAreCountedAndOnlyTheLastReleaseResumes)
{
  ReadSide read(1s);
  read.hold();
  read.hold();
  EXPECT_TRUE(read.held());
  EXPECT_FALSE(read.release());
  EXPECT_TRUE(read.held());
  EXPECT_TRUE(read.release());
  EXPECT_FALSE(read.held());
  EXPECT_FALSE(read.gated());
}

TEST(ReadSide, HoldsFromManyThreadsBalance)
{
  ReadSide read(1s);
  constexpr int kThreads = 4;
  constexpr int kHolds = 10'000;
  std::atomic<int> last_releases{0};
  std::vector<std::thread> threads;
  for (int i = 0; i < kThreads; ++i)
    threads.emplace_back([&] {
      for (int j = 0; j < kHolds; ++j) {
        read.hold();
        if (read.release()) last_releases.fetch_add(1);
      }
    });
  for (auto& thread : threads) thread.join();
  EXPECT_FALSE(read.held());
  EXPECT_GE(last_releases.load(), 1);
}

TEST(ReadSide, StartsWaitingAndTriesAReadAtOnce)
{
  ReadSide read(1s);
  EXPECT_TRUE(read.waits());
  EXPECT_TRUE(read.maybe_readable());
  read.on_empty();
  EXPECT_FALSE(read.maybe_readable());
  read.on_gated();  // bytes may come in while gated, with no new edge
  EXPECT_TRUE(read.maybe_readable());
}

TEST(ReadSide, AFullReadMayHaveLeftBytes)
{
  ReadSide read(1s);
  read.on_ready_read(t(0), 100, 100);
  EXPECT_TRUE(read.maybe_readable());
  read.on_ready_read(t(0), 99, 100);
  EXPECT_FALSE(read.maybe_readable());
}

TEST(ReadSide, InputSoonAfterTheLastKeepsAReadInFlight)
{
  ReadSide read(1s);
  read.on_ready_read(t(0), 10, 100);  // the first input ever: still waits
  read.on_data(t(0));
  EXPECT_TRUE(read.waits());
  read.on_ready_read(t(5000), 10, 100);  // a lone message after a silence
  read.on_data(t(5000));
  EXPECT_TRUE(read.waits());
  read.on_ready_read(t(5100), 10, 100);  // soon after: busy
  EXPECT_FALSE(read.waits());
}

TEST(ReadSide, OnlyItsOwnCancelTurnsABusyReadBackIntoWaits)
{
  ReadSide read(1s);
  read.on_data(t(0));
  read.on_ready_read(t(10), 10, 100);
  ASSERT_FALSE(read.waits());
  EXPECT_FALSE(read.end_release(true));  // someone else's cancel (a close)
  EXPECT_FALSE(read.waits());
  read.begin_release();
  EXPECT_TRUE(read.releasing());
  EXPECT_FALSE(read.end_release(false));  // the read completed before the cancel
  EXPECT_FALSE(read.releasing());
  read.begin_release();
  EXPECT_TRUE(read.end_release(true));
  EXPECT_TRUE(read.waits());
  EXPECT_TRUE(read.maybe_readable());
}

}  // namespace
}  // namespace read_side_test
}  // namespace proactor
