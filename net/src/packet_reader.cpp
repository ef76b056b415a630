#include <proactor/net/error.hpp>
#include <proactor/net/packet_reader.hpp>

namespace proactor {

// Narrowing casts below are exact: get_unsigned(width) never returns more than width bytes,
// and unsigned-to-signed of the same width is two's complement since C++20.
PacketReader& PacketReader::get_u8(std::uint8_t& out) noexcept
{
  out = static_cast<std::uint8_t>(get_unsigned(1));
  return *this;
}

PacketReader& PacketReader::get_u16(std::uint16_t& out) noexcept
{
  out = static_cast<std::uint16_t>(get_unsigned(2));
  return *this;
}

PacketReader& PacketReader::get_u32(std::uint32_t& out) noexcept
{
  out = static_cast<std::uint32_t>(get_unsigned(4));
  return *this;
}

PacketReader& PacketReader::get_u64(std::uint64_t& out) noexcept
{
  out = get_unsigned(8);
  return *this;
}

PacketReader& PacketReader::get_i8(std::int8_t& out) noexcept
{
  out = static_cast<std::int8_t>(static_cast<std::uint8_t>(get_unsigned(1)));
  return *this;
}

PacketReader& PacketReader::get_i16(std::int16_t& out) noexcept
{
  out = static_cast<std::int16_t>(static_cast<std::uint16_t>(get_unsigned(2)));
  return *this;
}

PacketReader& PacketReader::get_i32(std::int32_t& out) noexcept
{
  out = static_cast<std::int32_t>(static_cast<std::uint32_t>(get_unsigned(4)));
  return *this;
}

PacketReader& PacketReader::get_i64(std::int64_t& out) noexcept
{
  out = static_cast<std::int64_t>(get_unsigned(8));
  return *this;
}

PacketReader& PacketReader::get_string(std::string& out)
{
  std::string_view view;
  get_string_view(view);
  out.assign(view);
  return *this;
}

PacketReader& PacketReader::get_string_view(std::string_view& out) noexcept
{
  const auto length = static_cast<std::size_t>(get_unsigned(2));
  out = as_string_view(take(length));
  return *this;
}

PacketReader& PacketReader::get_bytes(std::size_t n, ConstBytes& out) noexcept
{
  out = take(n);
  return *this;
}

PacketReader& PacketReader::expect_end() noexcept
{
  if (!error_ && remaining() != 0) error_ = make_error_code(error::packet_trailing_bytes);
  return *this;
}

ConstBytes PacketReader::take(std::size_t n) noexcept
{
  if (error_) return {};
  if (n > remaining()) {
    error_ = make_error_code(error::packet_truncated);
    return {};
  }
  const ConstBytes field = payload_.subspan(position_, n);
  position_ += n;
  return field;
}

std::uint64_t PacketReader::get_unsigned(std::size_t width) noexcept
{
  std::uint64_t value = 0;
  for (const std::byte b : take(width)) value = (value << 8) | std::to_integer<std::uint64_t>(b);
  return value;
}

}  // namespace proactor
