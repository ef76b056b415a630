// The per-thread pool that idle sessions lend their read buffers to.
#include <proactor/net/frame_decoder.hpp>
#include <proactor/session/read_buffer_pool.hpp>

#include <gtest/gtest.h>

#include <string>
#include <thread>
#include <vector>

namespace proactor::detail {
namespace read_buffer_pool_test {  // a unity build puts several test files in one unit
namespace {

// A decoder that has read (and fully decoded) one frame: it holds memory and no bytes.
FrameDecoder drained_decoder()
{
  FrameDecoder decoder;
  const std::string wire("\0\0\0\2hi", 6);
  decoder.feed(as_bytes(wire), [](ConstBytes) {});
  return decoder;
}

TEST(ReadBufferPool, AnIdleDecoderLendsItsBufferAndBorrowsItBack)
{
  std::thread([] {  // a thread of its own: the pool is per thread
    FrameDecoder decoder = drained_decoder();
    const std::size_t capacity = decoder.capacity();
    ASSERT_GT(capacity, 0u);
    ReadBufferPool::lend(decoder);
    EXPECT_EQ(decoder.capacity(), 0u);
    EXPECT_EQ(ReadBufferPool::spares(), 1u);
    ReadBufferPool::borrow(decoder);
    EXPECT_EQ(decoder.capacity(), capacity);
    EXPECT_EQ(ReadBufferPool::spares(), 0u);
    // And it still decodes.
    std::vector<std::string> frames;
    const std::string wire("\0\0\0\3abc", 7);
    decoder.feed(as_bytes(wire), [&](ConstBytes p) { frames.push_back(to_string(p)); });
    EXPECT_EQ(frames, std::vector<std::string>{"abc"});
  })
      .join();
}

TEST(ReadBufferPool, APartialFrameIsNeverLent)
{
  std::thread([] {
    FrameDecoder decoder;
    const std::string half("\0\0\0\5ab", 6);
    decoder.feed(as_bytes(half), [](ConstBytes) {});
    ReadBufferPool::lend(decoder);
    EXPECT_EQ(decoder.buffered(), 6u);  // header and two bytes
    EXPECT_GT(decoder.capacity(), 0u);
    EXPECT_EQ(ReadBufferPool::spares(), 0u);
  }).join();
}

TEST(ReadBufferPool, KeepsABoundedNumberOfSpares)
{
  std::thread([] {
    std::vector<FrameDecoder> decoders;
    for (std::size_t i = 0; i < ReadBufferPool::kMaxSpares + 5; ++i)
      decoders.push_back(drained_decoder());
    for (auto& decoder : decoders) ReadBufferPool::lend(decoder);
    EXPECT_EQ(ReadBufferPool::spares(), ReadBufferPool::kMaxSpares);
    for (auto& decoder : decoders) EXPECT_EQ(decoder.capacity(), 0u);  // lent or freed
  }).join();
}

TEST(ReadBufferPool, BorrowingFromAnEmptyPoolLeavesTheDecoderToAllocate)
{
  std::thread([] {
    FrameDecoder decoder;
    ReadBufferPool::borrow(decoder);
    EXPECT_EQ(decoder.capacity(), 0u);
    EXPECT_GE(decoder.prepare(1024).size(), 1024u);
  }).join();
}

}  // namespace
}  // namespace read_buffer_pool_test
}  // namespace proactor::detail
