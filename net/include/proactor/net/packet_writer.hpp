#pragma once

#include <proactor/net/buffer.hpp>
#include <proactor/net/bytes.hpp>
#include <proactor/net/codec.hpp>
#include <proactor/net/frame.hpp>
#include <proactor/net/length_prefix_codec.hpp>

#include <cstddef>
#include <cstdint>
#include <string_view>

namespace proactor {

/// Builds a packet payload field by field in network byte order (big-endian), leaving room
/// in front for the frame header so that framing it copies nothing:
///
///     auto frame = std::move(PacketWriter{}.put_u8('+').put_i32(3).put_i32(4)).to_frame();
///
/// Not thread safe; one owner.
class PacketWriter
{
 public:
  /// Creates an empty packet with room for `reserve` payload bytes before growing.
  explicit PacketWriter(std::size_t reserve = 64);

  /// Appends one unsigned byte.
  PacketWriter& put_u8(std::uint8_t value);
  /// Appends a big-endian unsigned 16-bit integer.
  PacketWriter& put_u16(std::uint16_t value);
  /// Appends a big-endian unsigned 32-bit integer.
  PacketWriter& put_u32(std::uint32_t value);
  /// Appends a big-endian unsigned 64-bit integer.
  PacketWriter& put_u64(std::uint64_t value);
  /// Appends one two's-complement byte.
  PacketWriter& put_i8(std::int8_t value);
  /// Appends a big-endian two's-complement 16-bit integer.
  PacketWriter& put_i16(std::int16_t value);
  /// Appends a big-endian two's-complement 32-bit integer.
  PacketWriter& put_i32(std::int32_t value);
  /// Appends a big-endian two's-complement 64-bit integer.
  PacketWriter& put_i64(std::int64_t value);
  /// Appends a u16 byte count then the characters; throws std::length_error past 65535 bytes.
  PacketWriter& put_string(std::string_view text);
  /// Appends `bytes` as they are, with no length field.
  PacketWriter& put_bytes(ConstBytes bytes);

  /// Number of payload bytes written so far.
  std::size_t size() const noexcept { return buffer_.size(); }
  /// The payload written so far.
  ConstBytes bytes() const noexcept { return buffer_.readable(); }

  /// Hands over the payload buffer, prepend room included; the writer is left empty.
  Buffer take() &&;
  /// Frames the payload with `codec` without copying it; the writer is left empty.
  Frame to_frame(const Codec& codec = LengthPrefixCodec{}) &&;

 private:
  void put_unsigned(std::uint64_t value, std::size_t width);

  Buffer buffer_;
};

}  // namespace proactor
