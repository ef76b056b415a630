#include "decode_helpers.hpp"
#include <proactor/net/codec.hpp>
#include <proactor/net/delimiter_codec.hpp>
#include <proactor/net/error.hpp>
#include <proactor/net/frame_decoder.hpp>

#include <gtest/gtest.h>

#include <stdexcept>
#include <string>
#include <vector>

namespace proactor {
namespace delimiter_codec_test {  // a unity build puts several test files in one unit
namespace {

using Status = DecodeResult::Status;

std::vector<std::string> lines_of(const DelimiterCodec& codec, std::string_view wire)
{
  return test::decode_in_pieces(codec, wire, {}).frames;
}

TEST(DelimiterCodec, EverySplitOfAStreamYieldsTheSameLinesInOrder)
{
  const DelimiterCodec codec;
  const auto payloads = test::assorted_payloads(20);
  test::expect_every_split_decodes(codec, test::encode_all(codec, payloads), payloads);
}

TEST(DelimiterCodec, EverySplitWorksWithAMultiByteDelimiter)
{
  const DelimiterCodec codec("\r\n");
  const auto payloads = test::assorted_payloads(20);
  test::expect_every_split_decodes(codec, test::encode_all(codec, payloads), payloads);
}

TEST(DelimiterCodec, DeliversFiftyLinesFromOneBufferInOneCall)
{
  const DelimiterCodec codec;
  const auto payloads = test::assorted_payloads(50);
  FrameDecoder decoder(codec);
  std::size_t count = 0;
  EXPECT_EQ(
      decoder.feed(as_bytes(test::encode_all(codec, payloads)), [&count](ConstBytes) { ++count; }),
      50u);
  EXPECT_EQ(count, 50u);
}

TEST(DelimiterCodec, EmptyLineIsAnEmptyFrame)
{
  const DelimiterCodec codec;
  EXPECT_EQ(lines_of(codec, "\n\na\n"), (std::vector<std::string>{"", "", "a"}));
  const DecodeResult result = codec.decode(as_bytes("\n"));
  ASSERT_EQ(result.status, Status::frame);
  EXPECT_TRUE(result.payload.empty());
  EXPECT_EQ(result.consumed, 1u);
}

TEST(DelimiterCodec, StripsACarriageReturnBeforeTheNewline)
{
  EXPECT_EQ(lines_of(DelimiterCodec{}, "one\r\ntwo\nthree\r\n"),
            (std::vector<std::string>{"one", "two", "three"}));
  EXPECT_EQ(lines_of(DelimiterCodec{}, "a\rb\n"), (std::vector<std::string>{"a\rb"}));
}

TEST(DelimiterCodec, KeepsTheCarriageReturnWhenStrippingIsOff)
{
  EXPECT_EQ(lines_of(DelimiterCodec("\n", 100, false), "one\r\n"),
            (std::vector<std::string>{"one\r"}));
}

TEST(DelimiterCodec, CrlfDelimiterSplitsOnlyOnTheWholePair)
{
  EXPECT_EQ(lines_of(DelimiterCodec("\r\n"), "a\rb\nc\r\n\r\n"),
            (std::vector<std::string>{"a\rb\nc", ""}));
}

TEST(DelimiterCodec, WaitsWithUnknownTotalUntilTheDelimiterArrives)
{
  const DecodeResult result = DelimiterCodec{}.decode(as_bytes("partial"));
  EXPECT_EQ(result.status, Status::need_more);
  EXPECT_EQ(result.total_needed, 0u);
}

TEST(DelimiterCodec, LineOfExactlyMaxLineIsAccepted)
{
  const DelimiterCodec codec("\n", 8);
  EXPECT_EQ(lines_of(codec, "12345678\n"), (std::vector<std::string>{"12345678"}));
  EXPECT_EQ(lines_of(codec, "12345678\r\n"), (std::vector<std::string>{"12345678"}));
  EXPECT_EQ(codec.decode(as_bytes("12345678")).status, Status::need_more);
}

TEST(DelimiterCodec, LineOverTheLimitIsFrameTooLarge)
{
  const DelimiterCodec codec("\n", 8);
  EXPECT_EQ(codec.decode(as_bytes("123456789\n")).ec, error::frame_too_large);
  EXPECT_EQ(codec.decode(as_bytes("123456789\r\n")).ec, error::frame_too_large);
  EXPECT_EQ(codec.decode(as_bytes("1234567890")).ec, error::frame_too_large);
}

TEST(DelimiterCodec, PeerThatNeverSendsADelimiterIsCutOffAtTheLimit)
{
  const DelimiterCodec codec("\n", 100);
  FrameDecoder decoder(codec);
  std::size_t fed = 0;
  while (!decoder.error() && fed < 1000) {
    decoder.feed(as_bytes("x"), [](ConstBytes) {});
    ++fed;
  }
  EXPECT_EQ(decoder.error(), error::frame_too_large);
  EXPECT_EQ(fed, codec.max_wire_size());
}

TEST(DelimiterCodec, EmptyDelimiterIsRejected)
{
  EXPECT_THROW(DelimiterCodec(""), std::invalid_argument);
}

TEST(DelimiterCodec, EncodeAppendsTheDelimiter)
{
  EXPECT_EQ(as_string_view(encode(DelimiterCodec{}, "hello").bytes()), "hello\n");
  EXPECT_EQ(as_string_view(encode(DelimiterCodec("\r\n"), "").bytes()), "\r\n");
}

TEST(DelimiterCodec, EncodeRejectsAPayloadThatWouldSplitOnTheWire)
{
  EXPECT_THROW(encode(DelimiterCodec{}, "two\nlines"), std::length_error);
  EXPECT_THROW(encode(DelimiterCodec("aa"), "xa"), std::length_error);
  EXPECT_NO_THROW(encode(DelimiterCodec("\r\n"), "x\r"));
}

TEST(DelimiterCodec, EncodeRejectsAPayloadAboveMaxLine)
{
  const DelimiterCodec codec("\n", 4);
  EXPECT_THROW(encode(codec, "12345"), std::length_error);
  EXPECT_NO_THROW(encode(codec, "1234"));
}

}  // namespace
}  // namespace delimiter_codec_test
}  // namespace proactor
