#include "decode_helpers.hpp"
#include <proactor/net/buffer.hpp>
#include <proactor/net/codec.hpp>
#include <proactor/net/error.hpp>
#include <proactor/net/frame_decoder.hpp>
#include <proactor/net/length_prefix_codec.hpp>
#include <proactor/net/packet_writer.hpp>

#include <gtest/gtest.h>

#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

namespace proactor {
namespace length_prefix_codec_test {  // a unity build puts several test files in one unit
namespace {

using Status = DecodeResult::Status;
using test::hex;

TEST(LengthPrefixCodec, EverySplitOfAStreamYieldsTheSameFramesInOrder)
{
  const LengthPrefixCodec codec;
  const auto payloads = test::assorted_payloads(20);
  test::expect_every_split_decodes(codec, test::encode_all(codec, payloads), payloads);
}

TEST(LengthPrefixCodec, EverySplitOfAU16StreamYieldsTheSameFramesInOrder)
{
  const LengthPrefixCodec codec(LengthPrefixCodec::Width::u16);
  const auto payloads = test::assorted_payloads(20);
  test::expect_every_split_decodes(codec, test::encode_all(codec, payloads), payloads);
}

TEST(LengthPrefixCodec, DeliversFiftyFramesFromOneBufferInOneCall)
{
  const LengthPrefixCodec codec;
  const auto payloads = test::assorted_payloads(50);
  FrameDecoder decoder(codec);
  std::vector<std::string> got;
  const std::size_t delivered =
      decoder.feed(as_bytes(test::encode_all(codec, payloads)),
                   [&got](ConstBytes payload) { got.push_back(to_string(payload)); });
  EXPECT_EQ(delivered, 50u);
  EXPECT_EQ(got, payloads);
}

TEST(LengthPrefixCodec, AsksForTheHeaderFirstThenTheWholeFrame)
{
  const LengthPrefixCodec codec;
  const DecodeResult header = codec.decode(as_bytes(std::string_view("\0\0", 2)));
  EXPECT_EQ(header.status, Status::need_more);
  EXPECT_EQ(header.total_needed, 4u);

  const DecodeResult body =
      codec.decode(as_bytes(std::string_view("\0\0\0\x0A"
                                             "abc",
                                             7)));
  EXPECT_EQ(body.status, Status::need_more);
  EXPECT_EQ(body.total_needed, 14u);
}

TEST(LengthPrefixCodec, RejectsAnOversizeLengthBeforeAllocating)
{
  FrameDecoder decoder{LengthPrefixCodec{}};
  int frames = 0;
  decoder.feed(as_bytes("\xFF\xFF\xFF\xFF"), [&frames](ConstBytes) { ++frames; });
  EXPECT_EQ(frames, 0);
  EXPECT_EQ(decoder.error(), error::frame_too_large);
  EXPECT_LT(decoder.capacity(), 64u);
  EXPECT_LT(decoder.prepare(16).size(), 64u);
}

TEST(LengthPrefixCodec, AcceptsExactlyMaxFrameAndRejectsOneMore)
{
  const LengthPrefixCodec codec(LengthPrefixCodec::Width::u32, 16);
  const std::string at_limit = std::string("\0\0\0\x10", 4) + std::string(16, 'x');
  const DecodeResult accepted = codec.decode(as_bytes(at_limit));
  ASSERT_EQ(accepted.status, Status::frame);
  EXPECT_EQ(accepted.payload.size(), 16u);
  EXPECT_EQ(accepted.consumed, 20u);

  const DecodeResult rejected = codec.decode(as_bytes(std::string_view("\0\0\0\x11", 4)));
  EXPECT_EQ(rejected.status, Status::error);
  EXPECT_EQ(rejected.ec, error::frame_too_large);
}

TEST(LengthPrefixCodec, AcceptsAnEmptyPayload)
{
  const LengthPrefixCodec codec;
  const DecodeResult result = codec.decode(as_bytes(std::string_view("\0\0\0\0rest", 8)));
  ASSERT_EQ(result.status, Status::frame);
  EXPECT_TRUE(result.payload.empty());
  EXPECT_EQ(result.consumed, 4u);
  EXPECT_EQ(hex(encode(codec, "").bytes()), "00 00 00 00");
}

TEST(LengthPrefixCodec, WritesABigEndianHeaderThatExcludesItself)
{
  const LengthPrefixCodec codec;
  const Frame frame = encode(codec, std::string(300, 'x'));
  ASSERT_EQ(frame.size(), 304u);
  EXPECT_EQ(hex(frame.bytes().first(5)), "00 00 01 2C 78");
}

TEST(LengthPrefixCodec, U16WidthUsesATwoByteHeaderAndClampsMaxFrame)
{
  const LengthPrefixCodec codec(LengthPrefixCodec::Width::u16, 1 << 20);
  EXPECT_EQ(codec.header_size(), 2u);
  EXPECT_EQ(codec.max_frame(), 65535u);
  EXPECT_EQ(hex(encode(codec, "hi").bytes()), "00 02 68 69");

  const DecodeResult result = codec.decode(as_bytes("\xFF\xFF"));
  EXPECT_EQ(result.status, Status::need_more);
  EXPECT_EQ(result.total_needed, 2u + 65535u);
  EXPECT_THROW(encode(codec, std::string(65536, 'x')), std::length_error);
}

TEST(LengthPrefixCodec, EncodePutsTheHeaderInFrontOfThePayloadWithoutCopyingIt)
{
  PacketWriter writer;
  writer.put_bytes(as_bytes("payload"));
  const std::byte* written_at = writer.bytes().data();

  const Frame frame = std::move(writer).to_frame(LengthPrefixCodec{});
  EXPECT_EQ(frame.bytes().data() + 4, written_at);
  EXPECT_EQ(hex(frame.bytes().first(4)), "00 00 00 07");
}

TEST(LengthPrefixCodec, EncodeStillWorksForABufferWithoutPrependRoom)
{
  Buffer payload(0, 0);
  payload.append("abc");
  const Frame frame = LengthPrefixCodec{}.encode(std::move(payload));
  EXPECT_EQ(hex(frame.bytes()), "00 00 00 03 61 62 63");
}

TEST(LengthPrefixCodec, EncodeRejectsAPayloadAboveMaxFrame)
{
  const LengthPrefixCodec codec(LengthPrefixCodec::Width::u32, 8);
  EXPECT_THROW(encode(codec, "123456789"), std::length_error);
  EXPECT_NO_THROW(encode(codec, "12345678"));
}

}  // namespace
}  // namespace length_prefix_codec_test
}  // namespace proactor
