#include <proactor/net/buffer.hpp>
#include <proactor/net/bytes.hpp>

#include <gtest/gtest.h>

#include <algorithm>
#include <cstring>
#include <set>
#include <stdexcept>
#include <string>
#include <utility>

namespace proactor {
namespace buffer_test {  // a unity build puts several test files in one unit
namespace {

std::string content(const Buffer& buffer)
{
  return to_string(buffer.readable());
}

TEST(Buffer, StartsEmptyWithCheapPrependRoom)
{
  const Buffer buffer;
  EXPECT_TRUE(buffer.empty());
  EXPECT_EQ(buffer.size(), 0u);
  EXPECT_EQ(buffer.prependable_bytes(), Buffer::kCheapPrepend);
  EXPECT_EQ(buffer.writable_bytes(), 0u);
  EXPECT_EQ(buffer.capacity(), Buffer::kCheapPrepend);
}

TEST(Buffer, ReservesInitialSizeAfterThePrependRoom)
{
  const Buffer buffer(100, 4);
  EXPECT_EQ(buffer.prependable_bytes(), 4u);
  EXPECT_EQ(buffer.writable_bytes(), 100u);
  EXPECT_EQ(buffer.capacity(), 104u);
}

TEST(Buffer, AppendedBytesBecomeReadable)
{
  Buffer buffer;
  buffer.append("hello ");
  buffer.append(as_bytes("world"));
  EXPECT_EQ(content(buffer), "hello world");
  EXPECT_EQ(buffer.size(), 11u);
  EXPECT_FALSE(buffer.empty());
}

TEST(Buffer, ConsumeDropsFromTheFrontAndRewindsWhenDrained)
{
  Buffer buffer;
  buffer.append("hello world");
  buffer.consume(6);
  EXPECT_EQ(content(buffer), "world");
  EXPECT_EQ(buffer.prependable_bytes(), Buffer::kCheapPrepend + 6);

  buffer.consume(5);
  EXPECT_TRUE(buffer.empty());
  EXPECT_EQ(buffer.prependable_bytes(), Buffer::kCheapPrepend);
  EXPECT_EQ(buffer.writable_bytes(), buffer.capacity() - Buffer::kCheapPrepend);
}

TEST(Buffer, ConsumingMoreThanReadableThrows)
{
  Buffer buffer;
  buffer.append("abc");
  EXPECT_THROW(buffer.consume(4), std::out_of_range);
  EXPECT_EQ(content(buffer), "abc");
}

TEST(Buffer, PrependWritesInFrontWithoutMovingTheContent)
{
  Buffer buffer;
  buffer.append("payload");
  const std::byte* payload_at = buffer.readable().data();

  buffer.prepend(as_bytes("hdr:"));
  EXPECT_EQ(content(buffer), "hdr:payload");
  EXPECT_EQ(buffer.readable().data() + 4, payload_at);
  EXPECT_EQ(buffer.prependable_bytes(), Buffer::kCheapPrepend - 4);
}

TEST(Buffer, PrependBeyondTheRoomThrows)
{
  Buffer buffer(0, 2);
  buffer.append("x");
  EXPECT_THROW(buffer.prepend(as_bytes("abc")), std::length_error);
  EXPECT_EQ(content(buffer), "x");
}

TEST(Buffer, PrepareReturnsExactlyTheRequestedSpan)
{
  Buffer buffer(64);
  const MutableBytes span = buffer.prepare(5);
  ASSERT_EQ(span.size(), 5u);
  std::memcpy(span.data(), "abcde", 5);
  EXPECT_TRUE(buffer.empty());

  buffer.commit(3);
  EXPECT_EQ(content(buffer), "abc");
}

TEST(Buffer, CommitMoreThanWritableThrows)
{
  Buffer buffer(4);
  EXPECT_THROW(buffer.commit(5), std::out_of_range);
  EXPECT_NO_THROW(buffer.commit(4));
}

TEST(Buffer, PrepareCompactsInsteadOfGrowingWhenConsumedSpaceSuffices)
{
  Buffer buffer(16, 8);
  buffer.append("0123456789abcdef");
  buffer.consume(12);
  ASSERT_EQ(buffer.writable_bytes(), 0u);

  const MutableBytes span = buffer.prepare(10);
  EXPECT_EQ(span.size(), 10u);
  EXPECT_EQ(buffer.capacity(), 24u);
  EXPECT_EQ(content(buffer), "cdef");
  EXPECT_EQ(buffer.prependable_bytes(), 8u);
}

TEST(Buffer, GrowsGeometricallyAndKeepsContent)
{
  Buffer buffer;
  std::set<std::size_t> capacities;
  std::string expected;
  for (int i = 0; i < 10000; ++i) {
    const char c = static_cast<char>('a' + i % 26);
    buffer.append(std::string_view(&c, 1));
    expected += c;
    capacities.insert(buffer.capacity());
  }
  EXPECT_EQ(content(buffer), expected);
  EXPECT_LE(capacities.size(), 16u);
  EXPECT_EQ(buffer.prependable_bytes(), Buffer::kCheapPrepend);
}

TEST(Buffer, ClearKeepsTheMemory)
{
  Buffer buffer;
  buffer.append(std::string(100, 'x'));
  const std::size_t capacity = buffer.capacity();
  buffer.clear();
  EXPECT_TRUE(buffer.empty());
  EXPECT_EQ(buffer.capacity(), capacity);
  EXPECT_EQ(buffer.prependable_bytes(), Buffer::kCheapPrepend);
}

TEST(Buffer, ReleaseFreesTheMemoryAndTheBufferStaysUsable)
{
  Buffer buffer;
  buffer.append(std::string(1000, 'x'));
  buffer.release();
  EXPECT_TRUE(buffer.empty());
  EXPECT_EQ(buffer.capacity(), 0u);

  buffer.append("again");
  EXPECT_EQ(content(buffer), "again");
  EXPECT_EQ(buffer.prependable_bytes(), Buffer::kCheapPrepend);
}

TEST(Buffer, MoveTakesTheBytesAndLeavesTheSourceEmpty)
{
  Buffer source;
  source.append("moved");
  const std::byte* bytes_at = source.readable().data();

  Buffer target(std::move(source));
  EXPECT_EQ(content(target), "moved");
  EXPECT_EQ(target.readable().data(), bytes_at);
  EXPECT_TRUE(source.empty());  // NOLINT(bugprone-use-after-move): checking the moved-from state
  EXPECT_EQ(source.capacity(), 0u);

  source.append("reused");
  EXPECT_EQ(content(source), "reused");
}

TEST(Buffer, CopyDuplicatesTheLayout)
{
  Buffer original;
  original.append("abc");
  original.consume(1);
  const Buffer copy = original;
  EXPECT_EQ(content(copy), "bc");
  EXPECT_EQ(copy.prependable_bytes(), original.prependable_bytes());
  EXPECT_NE(copy.readable().data(), original.readable().data());
}

}  // namespace
}  // namespace buffer_test
}  // namespace proactor
