#pragma once

#include <proactor/net/frame_decoder.hpp>

#include <cstddef>

namespace proactor::detail {

/// An I/O thread's spare read buffers. A plain TCP session reads only once the kernel says
/// bytes are there, so between reads it needs no buffer of its own: it borrows one for the
/// read and lends it back as soon as no partial frame is left in it. Ten thousand idle
/// connections then pin no read memory at all, and a busy thread reuses the same few
/// buffers. Everything here acts on the calling thread's pool; call it from the thread that
/// runs the session.
class ReadBufferPool
{
 public:
  /// Spare buffers a thread keeps; more are freed. Reads on one thread happen one at a time,
  /// so a few cover a burst of sessions still holding theirs.
  static constexpr std::size_t kMaxSpares = 16;
  /// Buffers that grew beyond this (for a large frame) are freed rather than kept.
  static constexpr std::size_t kMaxSpareCapacity = 256 * 1024;

  /// Gives `decoder` a spare buffer when it holds no memory and the pool has one.
  static void borrow(FrameDecoder& decoder) noexcept;
  /// Takes `decoder`'s buffer into the pool (or frees it) when it holds no bytes.
  static void lend(FrameDecoder& decoder) noexcept;
  /// Spare buffers the calling thread holds now; for tests.
  static std::size_t spares() noexcept;
};

}  // namespace proactor::detail
