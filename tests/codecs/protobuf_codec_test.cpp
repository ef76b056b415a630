#include "codec_test_messages.pb.h"
#include <proactor/codecs/protobuf_codec.hpp>
#include <proactor/net/codec.hpp>
#include <proactor/net/error.hpp>
#include <proactor/net/frame_decoder.hpp>
#include <proactor/net/length_prefix_codec.hpp>

#include <gtest/gtest.h>

#include <string>

namespace proactor {
namespace protobuf_codec_test {  // a unity build puts several test files in one unit
namespace {

test::Envelope greeting(const std::string& name, std::uint32_t count)
{
  test::Envelope envelope;
  envelope.mutable_greeting()->set_name(name);
  envelope.mutable_greeting()->set_count(count);
  return envelope;
}

test::Envelope parsed(ConstBytes payload)
{
  test::Envelope out;
  const auto ec = parse_message(payload, out);
  EXPECT_FALSE(ec) << ec.message();
  return out;
}

TEST(ProtobufCodec, EveryEnvelopeCaseRoundTrips)
{
  const test::Envelope hello = greeting("alice", 3);
  const test::Envelope back = parsed(serialize_message(hello).readable());
  ASSERT_EQ(back.body_case(), test::Envelope::kGreeting);
  EXPECT_EQ(back.greeting().name(), "alice");
  EXPECT_EQ(back.greeting().count(), 3u);

  test::Envelope blob;
  blob.mutable_blob()->set_data(std::string("\0\x01\xff", 3));
  const test::Envelope blob_back = parsed(serialize_message(blob).readable());
  ASSERT_EQ(blob_back.body_case(), test::Envelope::kBlob);
  EXPECT_EQ(blob_back.blob().data(), std::string("\0\x01\xff", 3));

  test::Envelope roster;
  for (const char* name : {"a", "b", "c"}) roster.mutable_roster()->add_names(name);
  const test::Envelope roster_back = parsed(serialize_message(roster).readable());
  ASSERT_EQ(roster_back.body_case(), test::Envelope::kRoster);
  EXPECT_EQ(roster_back.roster().names_size(), 3);
  EXPECT_EQ(roster_back.roster().names(2), "c");
}

TEST(ProtobufCodec, AnEmptyPayloadIsAnEnvelopeWithNothingSet)
{
  const test::Envelope back = parsed({});
  EXPECT_EQ(back.body_case(), test::Envelope::BODY_NOT_SET);
}

TEST(ProtobufCodec, OneFrameCarriesOneMessageThroughTheDecoder)
{
  const LengthPrefixCodec codec;
  Buffer wire;
  for (std::uint32_t i = 0; i < 3; ++i)
    wire.append(encode_message(greeting("n" + std::to_string(i), i), codec).bytes());

  FrameDecoder decoder(codec);
  std::uint32_t seen = 0;
  decoder.feed(wire.readable(), [&](ConstBytes frame) {
    const test::Envelope back = parsed(frame);
    EXPECT_EQ(back.greeting().count(), seen);
    EXPECT_EQ(back.greeting().name(), "n" + std::to_string(seen));
    ++seen;
  });
  EXPECT_EQ(seen, 3u);
  EXPECT_EQ(decoder.buffered(), 0u);
}

TEST(ProtobufCodec, SerializingLeavesRoomForAHeader)
{
  const Buffer payload = serialize_message(greeting("x", 1));
  EXPECT_GE(payload.prependable_bytes(), 4u);
}

TEST(ProtobufCodec, AMessageTooLargeForTheCodecThrows)
{
  test::Envelope blob;
  blob.mutable_blob()->set_data(std::string(300, 'x'));
  EXPECT_THROW(encode_message(blob, LengthPrefixCodec(LengthPrefixCodec::Width::u32, 100)),
               std::length_error);
}

TEST(ProtobufCodec, MalformedBytesAreAMalformedFrame)
{
  test::Envelope out;
  // Field 1, length-delimited, announcing 50 bytes that are not there.
  EXPECT_EQ(parse_message(as_bytes(std::string_view("\x0a\x32\x0a", 3)), out),
            error::malformed_frame);
  // Wire type 7 does not exist.
  EXPECT_EQ(parse_message(as_bytes(std::string_view("\x0f\x00", 2)), out), error::malformed_frame);
  // Field number 0 is invalid.
  EXPECT_EQ(parse_message(as_bytes(std::string_view("\x00\x01", 2)), out), error::malformed_frame);
  // A varint of eleven bytes.
  EXPECT_EQ(parse_message(as_bytes(std::string_view("\x10\xff\xff\xff\xff\xff\xff\xff\xff\xff"
                                                    "\xff\x01",
                                                    12)),
                          out),
            error::malformed_frame);
}

TEST(ProtobufCodec, InvalidUtf8InAStringFieldIsAMalformedFrame)
{
  // greeting { name: "\xff" }
  test::Envelope out;
  EXPECT_EQ(parse_message(as_bytes(std::string_view("\x0a\x03\x0a\x01\xff", 5)), out),
            error::malformed_frame);
}

TEST(ProtobufCodec, UnknownFieldsAreSkippedForForwardCompatibility)
{
  // greeting { count: 9 } followed by field 99 (varint 1) that this version does not know.
  const std::string bytes("\x0a\x02\x10\x09\x98\x06\x01", 7);
  const test::Envelope back = parsed(as_bytes(bytes));
  EXPECT_EQ(back.greeting().count(), 9u);
}

// Last in this file: the silence is process-wide.
TEST(ProtobufCodec, SilencedLogsKeepABadPeerOutOfStderr)
{
  silence_protobuf_logs();
  testing::internal::CaptureStderr();
  test::Envelope out;
  for (int i = 0; i < 3; ++i)
    EXPECT_EQ(parse_message(as_bytes(std::string_view("\x0a\x03\x0a\x01\xff", 5)), out),
              error::malformed_frame);
  EXPECT_EQ(testing::internal::GetCapturedStderr(), "");
}

}  // namespace
}  // namespace protobuf_codec_test
}  // namespace proactor
