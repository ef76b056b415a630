#include <proactor/net/error.hpp>
#include <proactor/net/packet_reader.hpp>
#include <proactor/net/packet_writer.hpp>

#include <gtest/gtest.h>

#include <cstdint>
#include <limits>
#include <string>
#include <string_view>

namespace proactor {
namespace packet_reader_test {  // a unity build puts several test files in one unit
namespace {

template <class T>
using Limits = std::numeric_limits<T>;

TEST(PacketReader, RoundTripsEveryTypeIncludingExtremes)
{
  PacketWriter writer;
  writer.put_u8(Limits<std::uint8_t>::max())
      .put_u16(Limits<std::uint16_t>::max())
      .put_u32(Limits<std::uint32_t>::max())
      .put_u64(Limits<std::uint64_t>::max())
      .put_i8(Limits<std::int8_t>::min())
      .put_i16(Limits<std::int16_t>::min())
      .put_i32(Limits<std::int32_t>::min())
      .put_i64(Limits<std::int64_t>::min())
      .put_i8(-5)
      .put_i16(-300)
      .put_i32(-70000)
      .put_i64(-5000000000)
      .put_i32(Limits<std::int32_t>::max())
      .put_string("text")
      .put_string("");

  std::uint8_t u8 = 0;
  std::uint16_t u16 = 0;
  std::uint32_t u32 = 0;
  std::uint64_t u64 = 0;
  std::int8_t i8_min = 0, i8 = 0;
  std::int16_t i16_min = 0, i16 = 0;
  std::int32_t i32_min = 0, i32 = 0, i32_max = 0;
  std::int64_t i64_min = 0, i64 = 0;
  std::string text = "junk", empty = "junk";

  PacketReader reader(writer.bytes());
  reader.get_u8(u8).get_u16(u16).get_u32(u32).get_u64(u64);
  reader.get_i8(i8_min).get_i16(i16_min).get_i32(i32_min).get_i64(i64_min);
  reader.get_i8(i8).get_i16(i16).get_i32(i32).get_i64(i64).get_i32(i32_max);
  reader.get_string(text).get_string(empty).expect_end();

  ASSERT_TRUE(reader) << reader.error().message();
  EXPECT_EQ(u8, Limits<std::uint8_t>::max());
  EXPECT_EQ(u16, Limits<std::uint16_t>::max());
  EXPECT_EQ(u32, Limits<std::uint32_t>::max());
  EXPECT_EQ(u64, Limits<std::uint64_t>::max());
  EXPECT_EQ(i8_min, Limits<std::int8_t>::min());
  EXPECT_EQ(i16_min, Limits<std::int16_t>::min());
  EXPECT_EQ(i32_min, Limits<std::int32_t>::min());
  EXPECT_EQ(i64_min, Limits<std::int64_t>::min());
  EXPECT_EQ(i8, -5);
  EXPECT_EQ(i16, -300);
  EXPECT_EQ(i32, -70000);
  EXPECT_EQ(i64, -5000000000);
  EXPECT_EQ(i32_max, Limits<std::int32_t>::max());
  EXPECT_EQ(text, "text");
  EXPECT_EQ(empty, "");
  EXPECT_EQ(reader.remaining(), 0u);
}

TEST(PacketReader, ReadsNetworkByteOrder)
{
  const std::string_view wire("\x12\x34\xFF\xFF\xFF\xFE", 6);
  std::uint16_t u16 = 0;
  std::int32_t i32 = 0;
  PacketReader reader(as_bytes(wire));
  EXPECT_TRUE(reader.get_u16(u16).get_i32(i32));
  EXPECT_EQ(u16, 0x1234);
  EXPECT_EQ(i32, -2);
}

TEST(PacketReader, ReadsTheCalculatorRequest)
{
  const std::string_view payload("\x2B\0\0\0\x03\0\0\0\x04", 9);
  std::uint8_t op = 0;
  std::int32_t lhs = 0, rhs = 0;
  PacketReader reader(as_bytes(payload));
  EXPECT_TRUE(reader.get_u8(op).get_i32(lhs).get_i32(rhs).expect_end());
  EXPECT_EQ(op, '+');
  EXPECT_EQ(lhs, 3);
  EXPECT_EQ(rhs, 4);
}

TEST(PacketReader, ReadingPastTheEndFailsCleanlyAndLeavesOutputsZero)
{
  const std::string_view wire("\x00\x07\x01", 3);
  std::uint16_t first = 0;
  std::uint32_t past_end = 99;
  std::uint8_t after_failure = 99;
  PacketReader reader(as_bytes(wire));
  reader.get_u16(first).get_u32(past_end).get_u8(after_failure);

  EXPECT_FALSE(reader);
  EXPECT_EQ(reader.error(), error::packet_truncated);
  EXPECT_EQ(first, 7);
  EXPECT_EQ(past_end, 0u);
  EXPECT_EQ(after_failure, 0u);  // one byte was left, but the first failure is sticky
  EXPECT_EQ(reader.position(), 2u);
}

TEST(PacketReader, StringLongerThanTheRestIsTruncated)
{
  const std::string_view wire(
      "\x00\x05"
      "ab",
      4);
  std::string text = "junk";
  PacketReader reader(as_bytes(wire));
  reader.get_string(text);
  EXPECT_EQ(reader.error(), error::packet_truncated);
  EXPECT_TRUE(text.empty());
}

TEST(PacketReader, StringViewAndBytesPointIntoThePayload)
{
  const std::string_view wire("\x00\x02hiXYZ", 7);
  std::string_view text;
  ConstBytes rest;
  PacketReader reader(as_bytes(wire));
  reader.get_string_view(text).get_bytes(3, rest);
  ASSERT_TRUE(reader);
  EXPECT_EQ(text, "hi");
  EXPECT_EQ(text.data(), wire.data() + 2);
  EXPECT_EQ(as_string_view(rest), "XYZ");
  EXPECT_EQ(rest.data(), as_bytes(wire).data() + 4);
}

TEST(PacketReader, GetBytesPastTheEndIsTruncated)
{
  ConstBytes out = as_bytes("stale");
  PacketReader reader(as_bytes("ab"));
  reader.get_bytes(3, out);
  EXPECT_EQ(reader.error(), error::packet_truncated);
  EXPECT_TRUE(out.empty());
}

TEST(PacketReader, ExpectEndRejectsTrailingBytes)
{
  std::uint8_t value = 0;
  PacketReader reader(as_bytes("ab"));
  reader.get_u8(value).expect_end();
  EXPECT_EQ(reader.error(), error::packet_trailing_bytes);
  EXPECT_EQ(value, 'a');
}

TEST(PacketReader, FirstErrorIsKept)
{
  std::uint32_t value = 0;
  PacketReader reader(as_bytes("ab"));
  reader.get_u32(value).expect_end();
  EXPECT_EQ(reader.error(), error::packet_truncated);
}

TEST(PacketReader, TracksPositionAndRemaining)
{
  std::uint16_t value = 0;
  PacketReader reader(as_bytes("abcde"));
  EXPECT_EQ(reader.position(), 0u);
  EXPECT_EQ(reader.remaining(), 5u);
  reader.get_u16(value);
  EXPECT_EQ(reader.position(), 2u);
  EXPECT_EQ(reader.remaining(), 3u);
}

TEST(PacketReader, EmptyPayloadIsAtItsEnd)
{
  std::uint8_t value = 1;
  PacketReader reader(ConstBytes{});
  EXPECT_TRUE(reader.expect_end());
  EXPECT_FALSE(reader.get_u8(value));
  EXPECT_EQ(value, 0u);
}

}  // namespace
}  // namespace packet_reader_test
}  // namespace proactor
