#pragma once

#include <proactor/net/buffer.hpp>
#include <proactor/net/bytes.hpp>
#include <proactor/net/decode_result.hpp>
#include <proactor/net/frame.hpp>

#include <cstddef>
#include <cstdint>

namespace proactor {

/// Frames of `[length: big-endian u16 or u32][payload: length bytes]`; the length excludes
/// the header and an empty payload is a valid frame.
///
/// A plain value: immutable after construction, so one codec may be shared by threads.
class LengthPrefixCodec
{
 public:
  /// Size of the length field on the wire, in bytes.
  enum class Width : std::uint8_t
  {
    u16 = 2,
    u32 = 4,
  };

  /// Largest payload accepted unless configured otherwise: 1 MiB.
  static constexpr std::size_t kDefaultMaxFrame = 1024 * 1024;

  /// Creates a codec with a `width` header accepting payloads up to `max_frame` bytes (clamped
  /// to what the header can express).
  explicit LengthPrefixCodec(Width width = Width::u32, std::size_t max_frame = kDefaultMaxFrame);

  /// Finds the first frame in `input`; rejects an oversize length as soon as the header is in.
  DecodeResult decode(ConstBytes input) const noexcept;

  /// Writes the header into `payload`'s prepend room and wraps it as a frame; throws
  /// std::length_error if the payload exceeds max_frame().
  Frame encode(Buffer&& payload) const;

  /// The bytes `payload` takes on the wire; throws std::length_error when `encode` would.
  std::size_t wire_size(ConstBytes payload) const;
  /// Writes `payload` framed into `out`, which holds exactly `wire_size(payload)` bytes:
  /// framing straight into a caller's buffer, with no allocation.
  void encode_to(ConstBytes payload, MutableBytes out) const noexcept;

  /// Size of the length field, in bytes.
  std::size_t header_size() const noexcept { return static_cast<std::size_t>(width_); }
  /// Largest payload this codec accepts, in bytes.
  std::size_t max_frame() const noexcept { return max_frame_; }
  /// Size of the length field.
  Width width() const noexcept { return width_; }
  /// Longest frame accepted on the wire: header plus max_frame().
  std::size_t max_wire_size() const noexcept { return header_size() + max_frame_; }

 private:
  Width width_;
  std::size_t max_frame_;
};

}  // namespace proactor
