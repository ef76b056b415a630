#include <proactor/net/packet_writer.hpp>

#include <limits>
#include <stdexcept>
#include <utility>

namespace proactor {

PacketWriter::PacketWriter(std::size_t reserve) : buffer_(reserve, Buffer::kCheapPrepend)
{}

// Signed values are converted to the unsigned type of the same width first: C++20 defines
// that conversion as two's complement, which is exactly the wire form.
PacketWriter& PacketWriter::put_u8(std::uint8_t value)
{
  put_unsigned(value, 1);
  return *this;
}

PacketWriter& PacketWriter::put_u16(std::uint16_t value)
{
  put_unsigned(value, 2);
  return *this;
}

PacketWriter& PacketWriter::put_u32(std::uint32_t value)
{
  put_unsigned(value, 4);
  return *this;
}

PacketWriter& PacketWriter::put_u64(std::uint64_t value)
{
  put_unsigned(value, 8);
  return *this;
}

PacketWriter& PacketWriter::put_i8(std::int8_t value)
{
  return put_u8(static_cast<std::uint8_t>(value));
}

PacketWriter& PacketWriter::put_i16(std::int16_t value)
{
  return put_u16(static_cast<std::uint16_t>(value));
}

PacketWriter& PacketWriter::put_i32(std::int32_t value)
{
  return put_u32(static_cast<std::uint32_t>(value));
}

PacketWriter& PacketWriter::put_i64(std::int64_t value)
{
  return put_u64(static_cast<std::uint64_t>(value));
}

PacketWriter& PacketWriter::put_string(std::string_view text)
{
  if (text.size() > std::numeric_limits<std::uint16_t>::max()) {
    throw std::length_error("PacketWriter::put_string: longer than 65535 bytes");
  }
  put_u16(static_cast<std::uint16_t>(text.size()));
  return put_bytes(as_bytes(text));
}

PacketWriter& PacketWriter::put_bytes(ConstBytes bytes)
{
  buffer_.append(bytes);
  return *this;
}

Buffer PacketWriter::take() &&
{
  return std::move(buffer_);
}

Frame PacketWriter::to_frame(const Codec& codec) &&
{
  return encode(codec, std::move(buffer_));
}

void PacketWriter::put_unsigned(std::uint64_t value, std::size_t width)
{
  auto out = buffer_.prepare(width);
  for (std::size_t i = 0; i < width; ++i) {
    out[i] = static_cast<std::byte>(value >> (8 * (width - 1 - i)));
  }
  buffer_.commit(width);
}

}  // namespace proactor
