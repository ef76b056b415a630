#include <proactor/codecs/snappy_codec.hpp>
#include <proactor/net/codec.hpp>
#include <proactor/net/error.hpp>
#include <proactor/net/length_prefix_codec.hpp>

#include <gtest/gtest.h>

#include <cstddef>
#include <random>
#include <string>
#include <vector>

namespace proactor {
namespace snappy_codec_test {  // a unity build puts several test files in one unit
namespace {

using Flag = SnappyCodec::Flag;

std::string compressible(std::size_t size)
{
  std::string text;
  while (text.size() < size) text += "the quick brown fox jumps over the lazy dog; ";
  text.resize(size);
  return text;
}

std::string incompressible(std::size_t size)
{
  std::mt19937 random(7);
  std::string bytes(size, '\0');
  for (char& c : bytes) c = static_cast<char>(random() & 0xff);
  return bytes;
}

Flag flag_of(const Buffer& wrapped)
{
  return static_cast<Flag>(wrapped.readable()[0]);
}

// Unwraps with `codec` and returns the payload as a string; fails the test on an error.
std::string round_trip(const SnappyCodec& codec, const Buffer& wrapped)
{
  Buffer scratch;
  ConstBytes payload;
  const auto ec = codec.unwrap(wrapped.readable(), scratch, payload);
  EXPECT_FALSE(ec) << ec.message();
  return to_string(payload);
}

// A compressed block by hand: flag, the varint uncompressed length, then `tail`.
std::vector<std::byte> block_announcing(std::uint64_t length, std::string_view tail)
{
  std::vector<std::byte> out{std::byte{1}};
  do {
    std::uint8_t b = length & 0x7f;
    length >>= 7;
    if (length) b |= 0x80;
    out.push_back(static_cast<std::byte>(b));
  } while (length);
  for (const char c : tail) out.push_back(static_cast<std::byte>(c));
  return out;
}

TEST(SnappyCodec, ShortPayloadIsStoredBehindAZeroFlag)
{
  const SnappyCodec codec(1024);
  const Buffer wrapped = codec.wrap(as_bytes("hello"));
  ASSERT_EQ(wrapped.size(), 6u);
  EXPECT_EQ(flag_of(wrapped), Flag::stored);
  EXPECT_EQ(round_trip(codec, wrapped), "hello");
}

TEST(SnappyCodec, CompressiblePayloadFromTheThresholdUpIsCompressed)
{
  const SnappyCodec codec(64 * 1024, 128);
  const std::string text = compressible(4096);
  const Buffer wrapped = codec.wrap(as_bytes(text));
  EXPECT_EQ(flag_of(wrapped), Flag::snappy);
  EXPECT_LT(wrapped.size(), text.size() / 4);
  EXPECT_EQ(round_trip(codec, wrapped), text);

  EXPECT_EQ(flag_of(codec.wrap(as_bytes(compressible(128)))), Flag::snappy);
  EXPECT_EQ(flag_of(codec.wrap(as_bytes(compressible(127)))), Flag::stored);
}

TEST(SnappyCodec, IncompressiblePayloadStaysStored)
{
  const SnappyCodec codec(64 * 1024);
  const std::string bytes = incompressible(2048);
  const Buffer wrapped = codec.wrap(as_bytes(bytes));
  EXPECT_EQ(flag_of(wrapped), Flag::stored);
  EXPECT_EQ(wrapped.size(), bytes.size() + 1);
  EXPECT_EQ(round_trip(codec, wrapped), bytes);
}

TEST(SnappyCodec, EmptyPayloadRoundTrips)
{
  const SnappyCodec codec(16);
  const Buffer wrapped = codec.wrap(ConstBytes{});
  ASSERT_EQ(wrapped.size(), 1u);
  EXPECT_EQ(round_trip(codec, wrapped), "");
}

TEST(SnappyCodec, WrappingABufferInPlaceLeavesRoomForTheFrameHeader)
{
  const SnappyCodec codec(1024);
  Buffer payload;
  payload.append("short");
  Buffer wrapped = codec.wrap(std::move(payload));
  EXPECT_GE(wrapped.prependable_bytes(), 4u);
  const Frame frame = encode(LengthPrefixCodec{}, std::move(wrapped));
  EXPECT_EQ(to_string(frame.bytes()), std::string("\0\0\0\x06\0short", 10));

  Buffer big;
  big.append(compressible(1000));
  const Buffer packed = codec.wrap(std::move(big));
  EXPECT_EQ(flag_of(packed), Flag::snappy);
  EXPECT_GE(packed.prependable_bytes(), 4u);
}

TEST(SnappyCodec, RefusesEmptyUnknownFlagAndCorruptBlock)
{
  const SnappyCodec codec(1024);
  Buffer scratch;
  ConstBytes payload;
  EXPECT_EQ(codec.unwrap({}, scratch, payload), error::malformed_frame);
  EXPECT_EQ(codec.unwrap(as_bytes(std::string_view("\x02hello")), scratch, payload),
            error::malformed_frame);
  // Announces 5 bytes, then a copy that reaches back before the start.
  EXPECT_EQ(codec.unwrap(block_announcing(5, "\x0d\x20"), scratch, payload),
            error::malformed_frame);
  // A varint that never ends.
  EXPECT_EQ(
      codec.unwrap(as_bytes(std::string_view("\x01\xff\xff\xff\xff\xff\xff")), scratch, payload),
      error::malformed_frame);
}

TEST(SnappyCodec, ABlockAnnouncingMoreThanTheLimitIsRefusedBeforeAnyAllocation)
{
  const SnappyCodec codec(64 * 1024);
  Buffer scratch(0, 0);
  ConstBytes payload;
  const auto bomb = block_announcing(std::uint64_t{1} << 30, "\x00\x41");
  EXPECT_EQ(codec.unwrap(bomb, scratch, payload), error::decompressed_too_large);
  EXPECT_EQ(scratch.capacity(), 0u);
}

TEST(SnappyCodec, TheLimitIsInclusive)
{
  const SnappyCodec roomy(1 << 20);
  const std::string text = compressible(1000);
  const Buffer wrapped = roomy.wrap(as_bytes(text));
  ASSERT_EQ(flag_of(wrapped), Flag::snappy);

  EXPECT_EQ(round_trip(SnappyCodec(1000), wrapped), text);
  Buffer scratch;
  ConstBytes payload;
  EXPECT_EQ(SnappyCodec(999).unwrap(wrapped.readable(), scratch, payload),
            error::decompressed_too_large);
  // A stored payload is held to the same bound.
  const Buffer stored = roomy.wrap(as_bytes(incompressible(1000)));
  ASSERT_EQ(flag_of(stored), Flag::stored);
  EXPECT_EQ(SnappyCodec(999).unwrap(stored.readable(), scratch, payload),
            error::decompressed_too_large);
}

TEST(SnappyCodec, ScratchIsReusedAcrossFrames)
{
  const SnappyCodec codec(64 * 1024);
  Buffer scratch;
  ConstBytes payload;
  for (std::size_t size : {4000u, 200u, 3000u}) {
    const std::string text = compressible(size);
    ASSERT_FALSE(codec.unwrap(codec.wrap(as_bytes(text)).readable(), scratch, payload));
    EXPECT_EQ(to_string(payload), text);
  }
}

}  // namespace
}  // namespace snappy_codec_test
}  // namespace proactor
