#include <proactor/net/buffer.hpp>
#include <proactor/net/codec.hpp>

#include <gtest/gtest.h>

#include <span>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <variant>

namespace proactor {
namespace codec_test {  // a unity build puts several test files in one unit
namespace {

TEST(ParseCodec, U32IsALengthPrefixWithTheGivenMaximum)
{
  const auto codec = parse_codec("u32", 4096);
  ASSERT_TRUE(codec);
  const auto* prefix = std::get_if<LengthPrefixCodec>(&*codec);
  ASSERT_NE(prefix, nullptr);
  EXPECT_EQ(prefix->width(), LengthPrefixCodec::Width::u32);
  EXPECT_EQ(prefix->max_frame(), 4096u);
}

TEST(ParseCodec, U16IsClampedToWhatItsHeaderCanSay)
{
  const auto codec = parse_codec("u16", 1 << 20);
  ASSERT_TRUE(codec);
  const auto& prefix = std::get<LengthPrefixCodec>(*codec);
  EXPECT_EQ(prefix.width(), LengthPrefixCodec::Width::u16);
  EXPECT_EQ(prefix.max_frame(), 65535u);
}

TEST(ParseCodec, LineSplitsOnNewlineAndStripsCarriageReturns)
{
  const auto codec = parse_codec("line", 512);
  ASSERT_TRUE(codec);
  const auto& line = std::get<DelimiterCodec>(*codec);
  EXPECT_EQ(line.delimiter(), "\n");
  EXPECT_TRUE(line.strip_cr());
  EXPECT_EQ(line.max_line(), 512u);
}

TEST(ParseCodec, CrlfSplitsOnTheCarriageReturnNewlinePair)
{
  const auto codec = parse_codec("crlf", 512);
  ASSERT_TRUE(codec);
  EXPECT_EQ(std::get<DelimiterCodec>(*codec).delimiter(), "\r\n");
}

TEST(ParseCodec, FixedTakesTheRecordSize)
{
  const auto codec = parse_codec("fixed:16", 512);
  ASSERT_TRUE(codec);
  EXPECT_EQ(std::get<FixedLengthCodec>(*codec).record_size(), 16u);
}

TEST(ParseCodec, RejectsAnythingElse)
{
  for (const std::string_view bad :
       {"", "u8", "U32", "u32 ", "lines", "fixed", "fixed:", "fixed:0", "fixed:-1", "fixed:+4",
        "fixed:12x", "fixed: 3", "fixed:99999999999999999999999"}) {
    EXPECT_FALSE(parse_codec(bad, 1024)) << '"' << bad << '"';
  }
}

TEST(DescribeCodec, NamesTheSchemeAndItsLimit)
{
  EXPECT_EQ(describe(LengthPrefixCodec{}), "u32 length prefix, max 1048576");
  EXPECT_EQ(describe(LengthPrefixCodec(LengthPrefixCodec::Width::u16)),
            "u16 length prefix, max 65535");
  EXPECT_EQ(describe(DelimiterCodec{}), "delimiter \"\\n\", max 65536");
  EXPECT_EQ(describe(DelimiterCodec("\r\n", 100)), "delimiter \"\\r\\n\", max 100");
  EXPECT_EQ(describe(FixedLengthCodec(16)), "fixed 16-byte records");
}

TEST(Codec, MaxSizesCoverPayloadAndFraming)
{
  EXPECT_EQ(max_frame_size(LengthPrefixCodec{}), LengthPrefixCodec::kDefaultMaxFrame);
  EXPECT_EQ(max_wire_size(LengthPrefixCodec{}), LengthPrefixCodec::kDefaultMaxFrame + 4);
  EXPECT_EQ(max_frame_size(DelimiterCodec("\r\n", 10)), 10u);
  EXPECT_EQ(max_wire_size(DelimiterCodec("\r\n", 10)), 12u);
  EXPECT_EQ(max_wire_size(DelimiterCodec("\n", 10)), 12u);  // room for a stripped '\r'
  EXPECT_EQ(max_frame_size(FixedLengthCodec(9)), 9u);
  EXPECT_EQ(max_wire_size(FixedLengthCodec(9)), 9u);
}

TEST(Codec, DecodeDispatchesToTheHeldCodec)
{
  const std::string_view wire("\0\0\0\x02hi\n", 7);
  EXPECT_EQ(as_string_view(decode(Codec{LengthPrefixCodec{}}, as_bytes(wire)).payload), "hi");
  EXPECT_EQ(as_string_view(decode(Codec{DelimiterCodec{}}, as_bytes(wire)).payload),
            std::string_view("\0\0\0\x02hi", 6));
  EXPECT_EQ(decode(Codec{FixedLengthCodec(2)}, as_bytes(wire)).consumed, 2u);
}

TEST(Codec, EncodingAStringMatchesEncodingABuffer)
{
  for (const Codec& codec :
       {Codec{LengthPrefixCodec{}}, Codec{DelimiterCodec{}}, Codec{FixedLengthCodec(5)}}) {
    Buffer payload;
    payload.append("hello");
    EXPECT_EQ(to_string(encode(codec, "hello").bytes()),
              to_string(encode(codec, std::move(payload)).bytes()))
        << describe(codec);
  }
}

TEST(Codec, EncodingInPlaceWritesTheSameBytesAsEncode)
{
  for (const std::string_view spec : {"u32", "u16", "line", "crlf", "fixed:5"}) {
    const Codec codec = *parse_codec(spec, 1024);
    for (const std::string_view payload : {std::string_view("hello"), std::string_view("")}) {
      if (spec == "fixed:5" && payload.size() != 5) continue;
      const std::string expected = to_string(encode(codec, payload).bytes());
      const std::size_t size = wire_size(codec, as_bytes(payload));
      ASSERT_EQ(size, expected.size()) << spec;
      std::string out(size, '?');
      encode_to(codec, as_bytes(payload), std::as_writable_bytes(std::span(out)));
      EXPECT_EQ(out, expected) << spec << " '" << payload << "'";
    }
  }
}

TEST(Codec, WireSizeRefusesWhatEncodeRefuses)
{
  const std::string big(1025, 'x');
  EXPECT_THROW(wire_size(*parse_codec("u32", 1024), as_bytes(big)), std::length_error);
  EXPECT_THROW(wire_size(*parse_codec("line", 1024), as_bytes(std::string_view("a\nb"))),
               std::length_error);
  EXPECT_THROW(wire_size(*parse_codec("fixed:4", 1024), as_bytes(std::string_view("abc"))),
               std::length_error);
}

}  // namespace
}  // namespace codec_test
}  // namespace proactor
