#pragma once

// Helpers shared by the codec tests: build a wire stream from payloads and check that a
// FrameDecoder recovers the same payloads however the stream is cut into reads.

#include <proactor/net/bytes.hpp>
#include <proactor/net/codec.hpp>
#include <proactor/net/frame_decoder.hpp>

#include <boost/system/error_code.hpp>

#include <gtest/gtest.h>

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace proactor::test {

/// Encodes every payload with `codec` and concatenates the wire bytes.
inline std::string encode_all(const Codec& codec, const std::vector<std::string>& payloads)
{
  std::string wire;
  for (const auto& payload : payloads) wire += as_string_view(encode(codec, payload).bytes());
  return wire;
}

/// What a decoder produced from a whole stream.
struct Decoded
{
  std::vector<std::string> frames;
  boost::system::error_code ec;
  std::size_t buffered = 0;
};

/// Feeds `wire` to a fresh decoder, cutting it before every offset in `cuts` (ascending).
inline Decoded decode_in_pieces(const Codec& codec, std::string_view wire,
                                const std::vector<std::size_t>& cuts)
{
  FrameDecoder decoder(codec);
  Decoded out;
  const auto collect = [&out](ConstBytes payload) { out.frames.push_back(to_string(payload)); };
  std::size_t from = 0;
  for (const std::size_t cut : cuts) {
    decoder.feed(as_bytes(wire.substr(from, cut - from)), collect);
    from = cut;
  }
  decoder.feed(as_bytes(wire.substr(from)), collect);
  out.ec = decoder.error();
  out.buffered = decoder.buffered();
  return out;
}

/// Checks that `wire` decodes to `expected` when cut in two at every offset, and when fed
/// one byte at a time.
inline void expect_every_split_decodes(const Codec& codec, std::string_view wire,
                                       const std::vector<std::string>& expected)
{
  for (std::size_t cut = 0; cut <= wire.size(); ++cut) {
    SCOPED_TRACE("cut at byte " + std::to_string(cut));
    const Decoded got = decode_in_pieces(codec, wire, {cut});
    ASSERT_FALSE(got.ec) << got.ec.message();
    ASSERT_EQ(got.frames, expected);
    ASSERT_EQ(got.buffered, 0u);
  }
  std::vector<std::size_t> every_byte;
  for (std::size_t cut = 1; cut < wire.size(); ++cut) every_byte.push_back(cut);
  const Decoded got = decode_in_pieces(codec, wire, every_byte);
  EXPECT_FALSE(got.ec) << got.ec.message();
  EXPECT_EQ(got.frames, expected);
}

/// Payloads of assorted sizes, including empty ones, none containing '\n' or '\r'.
inline std::vector<std::string> assorted_payloads(std::size_t count)
{
  std::vector<std::string> payloads;
  for (std::size_t i = 0; i < count; ++i) {
    const std::size_t length = (i * 7) % 23;
    payloads.push_back(std::string(length, static_cast<char>('a' + i % 26)));
  }
  return payloads;
}

/// Bytes written as hex pairs, for comparing wire formats with literals.
inline std::string hex(ConstBytes bytes)
{
  static constexpr char kDigits[] = "0123456789ABCDEF";
  std::string out;
  for (const std::byte b : bytes) {
    if (!out.empty()) out += ' ';
    const auto v = std::to_integer<unsigned>(b);
    out += kDigits[v >> 4];
    out += kDigits[v & 0xFu];
  }
  return out;
}

}  // namespace proactor::test
