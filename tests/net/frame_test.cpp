#include <proactor/net/buffer.hpp>
#include <proactor/net/bytes.hpp>
#include <proactor/net/frame.hpp>

#include <gtest/gtest.h>

#include <string_view>
#include <utility>

namespace proactor {
namespace frame_test {  // a unity build puts several test files in one unit
namespace {

Frame frame_of(std::string_view text)
{
  Buffer buffer;
  buffer.append(text);
  return Frame(std::move(buffer));
}

TEST(Frame, DefaultFrameHasNoBytes)
{
  const Frame frame;
  EXPECT_TRUE(frame.empty());
  EXPECT_EQ(frame.size(), 0u);
  EXPECT_TRUE(frame.bytes().empty());
}

TEST(Frame, TakesTheBufferWithoutCopying)
{
  Buffer buffer;
  buffer.append("wire bytes");
  const std::byte* bytes_at = buffer.readable().data();

  const Frame frame(std::move(buffer));
  EXPECT_EQ(frame.bytes().data(), bytes_at);
  EXPECT_EQ(as_string_view(frame.bytes()), "wire bytes");
  EXPECT_EQ(frame.size(), 10u);
  EXPECT_FALSE(frame.empty());
}

TEST(Frame, CopiesShareTheSameBytes)
{
  const Frame original = frame_of("broadcast");
  const Frame copy = original;  // NOLINT(performance-unnecessary-copy-initialization)
  EXPECT_EQ(copy.bytes().data(), original.bytes().data());
  EXPECT_EQ(copy.size(), original.size());
}

TEST(Frame, CopyKeepsTheBytesAliveAfterTheOriginalIsGone)
{
  Frame copy;
  {
    const Frame original = frame_of("still here");
    copy = original;
  }
  EXPECT_EQ(as_string_view(copy.bytes()), "still here");
}

}  // namespace
}  // namespace frame_test
}  // namespace proactor
