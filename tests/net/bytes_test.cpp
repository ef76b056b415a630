#include <proactor/net/bytes.hpp>

#include <gtest/gtest.h>

#include <string>
#include <string_view>

namespace proactor {
namespace bytes_test {  // a unity build puts several test files in one unit
namespace {

TEST(Bytes, ViewsTextAsBytesWithoutCopying)
{
  const std::string text = "abc";
  const ConstBytes bytes = as_bytes(text);
  ASSERT_EQ(bytes.size(), 3u);
  EXPECT_EQ(static_cast<const void*>(bytes.data()), static_cast<const void*>(text.data()));
  EXPECT_EQ(bytes[1], std::byte{'b'});
}

TEST(Bytes, RoundTripsThroughStringViewAndString)
{
  const std::string_view text("a\0b", 3);
  EXPECT_EQ(as_string_view(as_bytes(text)), text);
  EXPECT_EQ(to_string(as_bytes(text)), std::string(text));
}

TEST(Bytes, EmptySpanGivesEmptyString)
{
  EXPECT_TRUE(as_string_view(ConstBytes{}).empty());
  EXPECT_TRUE(to_string(ConstBytes{}).empty());
}

}  // namespace
}  // namespace bytes_test
}  // namespace proactor
