#include "decode_helpers.hpp"
#include <proactor/net/buffer.hpp>
#include <proactor/net/codec.hpp>
#include <proactor/net/fixed_length_codec.hpp>
#include <proactor/net/frame_decoder.hpp>

#include <gtest/gtest.h>

#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

namespace proactor {
namespace fixed_length_codec_test {  // a unity build puts several test files in one unit
namespace {

using Status = DecodeResult::Status;

std::vector<std::string> records(std::size_t count, std::size_t size)
{
  std::vector<std::string> out;
  for (std::size_t i = 0; i < count; ++i) out.emplace_back(size, static_cast<char>('A' + i % 26));
  return out;
}

TEST(FixedLengthCodec, EverySplitOfAStreamYieldsTheSameRecordsInOrder)
{
  const FixedLengthCodec codec(7);
  const auto payloads = records(20, 7);
  test::expect_every_split_decodes(codec, test::encode_all(codec, payloads), payloads);
}

TEST(FixedLengthCodec, DeliversFiftyRecordsFromOneBufferInOneCall)
{
  const FixedLengthCodec codec(3);
  const auto payloads = records(50, 3);
  FrameDecoder decoder(codec);
  std::vector<std::string> got;
  EXPECT_EQ(decoder.feed(as_bytes(test::encode_all(codec, payloads)),
                         [&got](ConstBytes payload) { got.push_back(to_string(payload)); }),
            50u);
  EXPECT_EQ(got, payloads);
}

TEST(FixedLengthCodec, AsksForAWholeRecord)
{
  const FixedLengthCodec codec(4);
  const DecodeResult partial = codec.decode(as_bytes("abc"));
  EXPECT_EQ(partial.status, Status::need_more);
  EXPECT_EQ(partial.total_needed, 4u);

  const DecodeResult whole = codec.decode(as_bytes("abcdef"));
  ASSERT_EQ(whole.status, Status::frame);
  EXPECT_EQ(as_string_view(whole.payload), "abcd");
  EXPECT_EQ(whole.consumed, 4u);
}

TEST(FixedLengthCodec, ZeroRecordSizeIsRejected)
{
  EXPECT_THROW(FixedLengthCodec(0), std::invalid_argument);
}

TEST(FixedLengthCodec, EncodeRequiresExactlyOneRecord)
{
  const FixedLengthCodec codec(4);
  EXPECT_THROW(encode(codec, "abc"), std::length_error);
  EXPECT_THROW(encode(codec, "abcde"), std::length_error);
  EXPECT_EQ(as_string_view(encode(codec, "abcd").bytes()), "abcd");
}

TEST(FixedLengthCodec, EncodeSendsThePayloadBytesThemselves)
{
  Buffer payload;
  payload.append("wxyz");
  const std::byte* written_at = payload.readable().data();
  const Frame frame = FixedLengthCodec(4).encode(std::move(payload));
  EXPECT_EQ(frame.bytes().data(), written_at);
}

}  // namespace
}  // namespace fixed_length_codec_test
}  // namespace proactor
