#pragma once

#include <proactor/net/bytes.hpp>

#include <boost/system/error_code.hpp>

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace proactor {

/// Reads a packet payload field by field in network byte order, checking every bound:
///
///     std::uint8_t op; std::int32_t lhs, rhs;
///     PacketReader r(payload);
///     if (!r.get_u8(op).get_i32(lhs).get_i32(rhs).expect_end()) return reject(r.error());
///
/// The first failure is sticky: every later get is a no-op that value-initialises its
/// output, so a chain can be checked once at its end. Does not own the payload, which must
/// outlive the reader and any view it returned. Not thread safe; one owner.
class PacketReader
{
 public:
  /// Reads from `payload`, starting at its first byte.
  explicit PacketReader(ConstBytes payload) noexcept : payload_(payload) {}

  /// Reads one unsigned byte.
  PacketReader& get_u8(std::uint8_t& out) noexcept;
  /// Reads a big-endian unsigned 16-bit integer.
  PacketReader& get_u16(std::uint16_t& out) noexcept;
  /// Reads a big-endian unsigned 32-bit integer.
  PacketReader& get_u32(std::uint32_t& out) noexcept;
  /// Reads a big-endian unsigned 64-bit integer.
  PacketReader& get_u64(std::uint64_t& out) noexcept;
  /// Reads one two's-complement byte.
  PacketReader& get_i8(std::int8_t& out) noexcept;
  /// Reads a big-endian two's-complement 16-bit integer.
  PacketReader& get_i16(std::int16_t& out) noexcept;
  /// Reads a big-endian two's-complement 32-bit integer.
  PacketReader& get_i32(std::int32_t& out) noexcept;
  /// Reads a big-endian two's-complement 64-bit integer.
  PacketReader& get_i64(std::int64_t& out) noexcept;
  /// Reads a u16 byte count then that many characters, copied into `out`.
  PacketReader& get_string(std::string& out);
  /// Reads a u16 byte count then that many characters, viewed in place.
  PacketReader& get_string_view(std::string_view& out) noexcept;
  /// Reads the next `n` bytes, viewed in place.
  PacketReader& get_bytes(std::size_t n, ConstBytes& out) noexcept;
  /// Fails with packet_trailing_bytes if any byte is left unread.
  PacketReader& expect_end() noexcept;

  /// The first failure (packet_truncated or packet_trailing_bytes); clear while all is well.
  boost::system::error_code error() const noexcept { return error_; }
  /// True while no read has failed.
  explicit operator bool() const noexcept { return !error_; }
  /// Bytes not read yet.
  std::size_t remaining() const noexcept { return payload_.size() - position_; }
  /// Bytes read so far.
  std::size_t position() const noexcept { return position_; }

 private:
  // Takes the next `n` bytes, or sets packet_truncated and returns an empty span.
  ConstBytes take(std::size_t n) noexcept;
  std::uint64_t get_unsigned(std::size_t width) noexcept;

  ConstBytes payload_;
  std::size_t position_ = 0;
  boost::system::error_code error_;
};

}  // namespace proactor
