// The lane's frame memory, without threads first: fit, wrap, full, give back; then one
// producer and one consumer thread checking every byte.
#include <proactor/server/frame_arena.hpp>

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <cstring>
#include <deque>
#include <mutex>
#include <optional>
#include <stdexcept>
#include <thread>

namespace proactor {
namespace frame_arena_test {  // a unity build puts several test files in one unit
namespace {

TEST(FrameArena, RefusesAMaximumBlockOverHalfTheRing)
{
  EXPECT_THROW(FrameArena(100, 51), std::invalid_argument);
  EXPECT_THROW(FrameArena(100, 0), std::invalid_argument);
  EXPECT_NO_THROW(FrameArena(100, 50));
}

TEST(FrameArena, HandsOutConsecutiveBlocksUntilFullThenRefuses)
{
  FrameArena arena(64, 32);
  const auto a = arena.allocate(20);
  const auto b = arena.allocate(20);
  const auto c = arena.allocate(20);
  ASSERT_NE(a.data, nullptr);
  ASSERT_NE(b.data, nullptr);
  ASSERT_NE(c.data, nullptr);
  EXPECT_EQ(b.data, a.data + 20);
  EXPECT_EQ(c.data, b.data + 20);
  EXPECT_EQ(arena.used(), 60u);
  // 4 bytes left at the end, and the front is still held.
  EXPECT_EQ(arena.allocate(5).data, nullptr);
  EXPECT_EQ(arena.used(), 60u);
  EXPECT_NE(arena.allocate(4).data, nullptr);
}

TEST(FrameArena, ABlockThatWouldWrapStartsAtTheFrontAndGivesTheSkippedEndBackWithIt)
{
  FrameArena arena(64, 32);
  const auto a = arena.allocate(30);
  const auto b = arena.allocate(30);
  arena.release(a.advance);
  // 4 bytes before the end: the next block starts over at the front, where `a` was.
  const auto c = arena.allocate(10);
  ASSERT_NE(c.data, nullptr);
  EXPECT_EQ(c.data, a.data);
  EXPECT_EQ(c.advance, 14u);
  EXPECT_EQ(arena.used(), 44u);
  arena.release(b.advance);
  arena.release(c.advance);
  EXPECT_EQ(arena.used(), 0u);
}

TEST(FrameArena, DeclinesEmptyAndOversizeBlocks)
{
  FrameArena arena(64, 32);
  EXPECT_EQ(arena.allocate(0).data, nullptr);
  EXPECT_EQ(arena.allocate(33).data, nullptr);
  EXPECT_EQ(arena.used(), 0u);
}

TEST(FrameArena, UnallocateTakesBackTheLastBlock)
{
  FrameArena arena(64, 32);
  const auto a = arena.allocate(30);
  const auto b = arena.allocate(30);
  arena.unallocate(b);
  EXPECT_EQ(arena.used(), 30u);
  const auto again = arena.allocate(30);
  EXPECT_EQ(again.data, b.data);
  arena.release(a.advance);
  arena.release(again.advance);
  EXPECT_EQ(arena.used(), 0u);
}

TEST(FrameArena, OneProducerAndOneConsumerSeeEveryByteTheProducerWrote)
{
  constexpr std::uint32_t kBlocks = 200'000;
  FrameArena arena(4096, 512);
  struct Handed
  {
    FrameArena::Block block;
    std::size_t size;
    std::uint32_t seq;
  };
  // A tiny SPSC hand-over standing in for the job ring, guarded by a mutex on purpose: the
  // arena's own synchronisation is what is under test.
  std::mutex mutex;
  std::deque<Handed> handed;
  std::atomic<bool> bad{false};
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
  const auto expired = [&] { return std::chrono::steady_clock::now() > deadline; };

  std::thread consumer([&] {
    for (std::uint32_t expected = 0; expected < kBlocks && !expired();) {
      std::optional<Handed> next;
      {
        const std::lock_guard lock(mutex);
        if (!handed.empty()) {
          next = handed.front();
          handed.pop_front();
        }
      }
      if (!next) {
        std::this_thread::yield();
        continue;
      }
      if (next->seq != expected) bad = true;
      for (std::size_t i = 0; i < next->size; ++i)
        if (next->block.data[i] != static_cast<std::byte>(next->seq + i)) bad = true;
      arena.release(next->block.advance);
      ++expected;
    }
  });
  for (std::uint32_t seq = 0; seq < kBlocks && !expired();) {
    const std::size_t size = 1 + (seq * 7919u) % 512;
    const auto block = arena.allocate(size);
    if (!block.data) {
      // Full: the consumer catches up.
      std::this_thread::yield();
      continue;
    }
    for (std::size_t i = 0; i < size; ++i) block.data[i] = static_cast<std::byte>(seq + i);
    const std::lock_guard lock(mutex);
    handed.push_back({block, size, seq++});
  }
  consumer.join();
  ASSERT_FALSE(expired()) << "the hand-over did not finish in time";
  EXPECT_FALSE(bad.load());
  EXPECT_EQ(arena.used(), 0u);
}

}  // namespace
}  // namespace frame_arena_test
}  // namespace proactor
