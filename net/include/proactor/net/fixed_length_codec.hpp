#pragma once

#include <proactor/net/buffer.hpp>
#include <proactor/net/bytes.hpp>
#include <proactor/net/decode_result.hpp>
#include <proactor/net/frame.hpp>

#include <cstddef>

namespace proactor {

/// Frames that are records of one fixed size, with no header or delimiter on the wire.
///
/// A plain value: immutable after construction, so one codec may be shared by threads.
class FixedLengthCodec
{
 public:
  /// Creates a codec for `record_size`-byte records; 0 throws std::invalid_argument.
  explicit FixedLengthCodec(std::size_t record_size);

  /// Returns the first record of `input` once it is complete.
  DecodeResult decode(ConstBytes input) const noexcept;

  /// Wraps `payload` as a frame; throws std::length_error unless it is exactly one record.
  Frame encode(Buffer&& payload) const;

  /// The bytes `payload` takes on the wire; throws std::length_error when `encode` would.
  std::size_t wire_size(ConstBytes payload) const;
  /// Writes `payload` framed into `out`, which holds exactly `wire_size(payload)` bytes:
  /// framing straight into a caller's buffer, with no allocation.
  void encode_to(ConstBytes payload, MutableBytes out) const noexcept;

  /// Size of every record, in bytes.
  std::size_t record_size() const noexcept { return record_size_; }
  /// Size of every frame on the wire: one record.
  std::size_t max_wire_size() const noexcept { return record_size_; }

 private:
  std::size_t record_size_;
};

}  // namespace proactor
