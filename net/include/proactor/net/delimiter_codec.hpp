#pragma once

#include <proactor/net/buffer.hpp>
#include <proactor/net/bytes.hpp>
#include <proactor/net/decode_result.hpp>
#include <proactor/net/frame.hpp>

#include <cstddef>
#include <string>
#include <string_view>

namespace proactor {

/// Frames that end with a delimiter (a text line by default); the payload excludes the
/// delimiter and an empty line is a valid empty frame.
///
/// With the "\n" delimiter and `strip_cr`, a '\r' before the '\n' is dropped as well, so
/// clients sending "\r\n" lines work unchanged. A plain value: immutable after construction,
/// so one codec may be shared by threads.
class DelimiterCodec
{
 public:
  /// Longest line accepted unless configured otherwise: 64 KiB.
  static constexpr std::size_t kDefaultMaxLine = 64 * 1024;

  /// Creates a codec splitting on `delimiter` (not empty, else std::invalid_argument) and
  /// accepting payloads up to `max_line` bytes.
  explicit DelimiterCodec(std::string delimiter = "\n", std::size_t max_line = kDefaultMaxLine,
                          bool strip_cr = true);

  /// Finds the first line in `input`; fails once max_wire_size() bytes arrived without one.
  DecodeResult decode(ConstBytes input) const noexcept;

  /// Appends the delimiter to `payload` and wraps it as a frame; throws std::length_error if
  /// the payload contains the delimiter or exceeds max_line(). A payload ending in '\r' is
  /// sent as is, but with strip_cr() the receiver drops that '\r'.
  Frame encode(Buffer&& payload) const;

  /// The bytes `payload` takes on the wire; throws std::length_error when `encode` would.
  std::size_t wire_size(ConstBytes payload) const;
  /// Writes `payload` framed into `out`, which holds exactly `wire_size(payload)` bytes:
  /// framing straight into a caller's buffer, with no allocation.
  void encode_to(ConstBytes payload, MutableBytes out) const noexcept;

  /// The bytes that end every frame.
  const std::string& delimiter() const noexcept { return delimiter_; }
  /// Longest payload accepted, in bytes (excluding the delimiter).
  std::size_t max_line() const noexcept { return max_line_; }
  /// True when a '\r' before a "\n" delimiter is dropped from the payload.
  bool strip_cr() const noexcept { return strip_cr_; }
  /// Longest frame accepted on the wire: max_line() plus an optional '\r' and the delimiter.
  std::size_t max_wire_size() const noexcept;

 private:
  bool strips_cr() const noexcept;
  bool ends_cleanly(std::string_view payload) const;

  std::string delimiter_;
  std::size_t max_line_;
  bool strip_cr_;
};

}  // namespace proactor
