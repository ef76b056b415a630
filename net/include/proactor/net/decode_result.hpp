#pragma once

#include <proactor/net/bytes.hpp>
#include <proactor/net/error.hpp>

#include <boost/system/error_code.hpp>

#include <cstddef>
#include <cstdint>

namespace proactor {

/// What a codec found at the front of its input: a whole frame, not enough bytes yet, or
/// bytes that can never become a valid frame.
struct DecodeResult
{
  /// The three outcomes of one decode step.
  enum class Status : std::uint8_t
  {
    /// The input is a valid prefix of a frame; read more.
    need_more,
    /// `payload` is a complete frame occupying the first `consumed` input bytes.
    frame,
    /// The input is invalid; `ec` says why. The stream cannot recover.
    error,
  };

  /// Which outcome this is.
  Status status = Status::need_more;
  /// Input bytes the frame occupies (header, payload and delimiter); 0 unless `frame`.
  std::size_t consumed = 0;
  /// The frame's payload, a view into the decoded input; empty unless `frame`.
  ConstBytes payload;
  /// Why the input is invalid; clear unless `error`.
  boost::system::error_code ec;
  /// Total input bytes the pending frame needs, when the codec knows it; otherwise 0.
  std::size_t total_needed = 0;

  /// The input is a valid but incomplete frame needing `total` bytes in all (0: unknown).
  static DecodeResult need_more(std::size_t total) noexcept
  {
    DecodeResult r;
    r.total_needed = total;
    return r;
  }

  /// A complete frame whose payload is `bytes`, occupying `used` input bytes.
  static DecodeResult frame(ConstBytes bytes, std::size_t used) noexcept
  {
    DecodeResult r;
    r.status = Status::frame;
    r.payload = bytes;
    r.consumed = used;
    return r;
  }

  /// The input can never form a valid frame, because of `e`.
  static DecodeResult failure(error e) noexcept
  {
    DecodeResult r;
    r.status = Status::error;
    r.ec = make_error_code(e);
    return r;
  }
};

}  // namespace proactor
