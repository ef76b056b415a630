#pragma once

#include <proactor/net/buffer.hpp>
#include <proactor/net/bytes.hpp>

#include <boost/system/error_code.hpp>

#include <cstddef>
#include <cstdint>

namespace proactor {

/// A payload layer that compresses frame payloads with Snappy when it pays, flagged per frame.
///
/// A wrapped payload is one flag byte, then the body:
///
///     flag 0 (stored)   the payload as it is
///     flag 1 (snappy)   a Snappy raw block whose uncompressed bytes are the payload
///
/// The sender compresses payloads of at least `threshold` bytes and keeps the result only when
/// it is smaller, so short or incompressible payloads cost one byte. The receiver checks the
/// length a block announces against `max_payload` before it allocates or decompresses
/// anything: a small frame that would inflate to gigabytes (a "zip bomb") is refused.
///
/// Sans-io and stateless: a const SnappyCodec may be used by any number of threads at once.
class SnappyCodec
{
 public:
  /// The first byte of a wrapped payload. Stable on the wire; never renumber.
  enum class Flag : std::uint8_t
  {
    stored = 0,
    snappy = 1,
  };

  /// Payloads shorter than this are stored: Snappy saves nothing on a few dozen bytes.
  static constexpr std::size_t kDefaultThreshold = 128;

  /// A layer whose `unwrap` accepts payloads of at most `max_payload` bytes once
  /// decompressed, and whose `wrap` tries compression from `threshold` bytes up. Any thread.
  explicit SnappyCodec(std::size_t max_payload, std::size_t threshold = kDefaultThreshold) noexcept
      : max_payload_(max_payload), threshold_(threshold)
  {}

  /// Wraps `payload`: a flag byte in front of it (written into its prepend room when stored,
  /// so a short payload is not copied), or a new buffer holding the compressed block. The
  /// result keeps `Buffer::kCheapPrepend` bytes of front room for a frame header. Any thread.
  Buffer wrap(Buffer&& payload) const;

  /// Wraps a copy of `payload`, as `wrap(Buffer&&)` does. Any thread.
  Buffer wrap(ConstBytes payload) const;

  /// Recovers the payload of `wrapped` into `payload`: a view of `wrapped`'s own body when it
  /// was stored, or of `scratch` (cleared, then filled) when it was compressed. Returns
  /// `error::malformed_frame` for an empty payload, an unknown flag or a corrupt block, and
  /// `error::decompressed_too_large` when the block announces more than `max_payload` bytes
  /// (checked before decompressing). Any thread.
  boost::system::error_code unwrap(ConstBytes wrapped, Buffer& scratch, ConstBytes& payload) const;

  /// The largest payload `unwrap` accepts, in bytes.
  std::size_t max_payload() const noexcept { return max_payload_; }
  /// The smallest payload `wrap` tries to compress, in bytes.
  std::size_t threshold() const noexcept { return threshold_; }

 private:
  std::size_t max_payload_;
  std::size_t threshold_;
};

}  // namespace proactor
