#include "decode_helpers.hpp"
#include <proactor/net/codec.hpp>
#include <proactor/net/delimiter_codec.hpp>
#include <proactor/net/packet_writer.hpp>

#include <gtest/gtest.h>

#include <cstdint>
#include <limits>
#include <stdexcept>
#include <string>
#include <utility>

namespace proactor {
namespace packet_writer_test {  // a unity build puts several test files in one unit
namespace {

using test::hex;

TEST(PacketWriter, WritesUnsignedIntegersInNetworkByteOrder)
{
  PacketWriter writer;
  writer.put_u8(0x12).put_u16(0x1234).put_u32(0x12345678).put_u64(0x0102030405060708);
  EXPECT_EQ(hex(writer.bytes()), "12 12 34 12 34 56 78 01 02 03 04 05 06 07 08");
  EXPECT_EQ(writer.size(), 15u);
}

TEST(PacketWriter, WritesSignedIntegersAsTwosComplement)
{
  PacketWriter writer;
  writer.put_i8(-1).put_i16(-2).put_i32(std::numeric_limits<std::int32_t>::min()).put_i64(-1);
  EXPECT_EQ(hex(writer.bytes()), "FF FF FE 80 00 00 00 FF FF FF FF FF FF FF FF");
}

TEST(PacketWriter, WritesExtremeValues)
{
  PacketWriter writer;
  writer.put_u16(std::numeric_limits<std::uint16_t>::max())
      .put_i16(std::numeric_limits<std::int16_t>::min())
      .put_i64(std::numeric_limits<std::int64_t>::max());
  EXPECT_EQ(hex(writer.bytes()), "FF FF 80 00 7F FF FF FF FF FF FF FF");
}

TEST(PacketWriter, WritesAStringAfterItsU16Length)
{
  PacketWriter writer;
  writer.put_string("hi").put_string("");
  EXPECT_EQ(hex(writer.bytes()), "00 02 68 69 00 00");
}

TEST(PacketWriter, RejectsAStringLongerThanItsLengthFieldCanSay)
{
  PacketWriter writer;
  EXPECT_THROW(writer.put_string(std::string(65536, 'x')), std::length_error);
  EXPECT_EQ(writer.size(), 0u);
  EXPECT_NO_THROW(writer.put_string(std::string(65535, 'x')));
  EXPECT_EQ(writer.size(), 65537u);
}

TEST(PacketWriter, WritesRawBytesWithoutALength)
{
  PacketWriter writer;
  writer.put_bytes(as_bytes("abc"));
  EXPECT_EQ(hex(writer.bytes()), "61 62 63");
}

TEST(PacketWriter, BuildsTheCalculatorRequestInOneExpression)
{
  const Frame frame = std::move(PacketWriter{}.put_u8('+').put_i32(3).put_i32(4)).to_frame();
  EXPECT_EQ(hex(frame.bytes()), "00 00 00 09 2B 00 00 00 03 00 00 00 04");
}

TEST(PacketWriter, FramingDoesNotCopyThePayload)
{
  PacketWriter writer;
  writer.put_u32(42).put_string("answer");
  const std::byte* written_at = writer.bytes().data();
  const Frame frame = std::move(writer).to_frame();
  EXPECT_EQ(frame.bytes().data() + 4, written_at);
}

TEST(PacketWriter, FramesWithAnyCodec)
{
  PacketWriter writer;
  writer.put_bytes(as_bytes("hello"));
  EXPECT_EQ(as_string_view(std::move(writer).to_frame(DelimiterCodec{}).bytes()), "hello\n");
}

TEST(PacketWriter, TakeHandsOverThePayloadWithPrependRoom)
{
  PacketWriter writer;
  writer.put_u16(7);
  const Buffer payload = std::move(writer).take();
  EXPECT_EQ(hex(payload.readable()), "00 07");
  EXPECT_GE(payload.prependable_bytes(), 4u);
}

}  // namespace
}  // namespace packet_writer_test
}  // namespace proactor
