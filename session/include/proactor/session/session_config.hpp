#pragma once

#include <proactor/net/codec.hpp>

#include <chrono>
#include <cstddef>

namespace proactor {

/// Limits and timeouts of one session. Every value has a default that protects a server out
/// of the box; a zero duration disables that timeout.
struct SessionConfig
{
  /// How bytes on the wire are cut into frames (default: u32 big-endian length, max 1 MiB).
  Codec codec = LengthPrefixCodec{};

  /// Bytes asked of the kernel per read when no larger frame is known to be pending.
  std::size_t read_chunk = 16 * 1024;

  /// Plain TCP: a session whose input pauses for this long gives its read buffer back to its
  /// thread's pool and only waits for readability, so idle connections pin no read memory
  /// (about 1.2 KiB per connection in all instead of 17). While input keeps coming a read
  /// (with its buffer) stays in flight, which is cheaper per message: every readiness wait
  /// costs Asio an `epoll_ctl`. Zero: wait after every read; `milliseconds::max()`: keep a
  /// read in flight always.
  std::chrono::milliseconds idle_read_release{1'000};

  /// Above this many queued bytes the session is not writable (`Session::writable()`).
  std::size_t high_watermark = 4 * 1024 * 1024;
  /// Once queued bytes fall to this level the session is writable again (`on_writable`).
  std::size_t low_watermark = 1024 * 1024;
  /// A peer that stays above the high watermark this long is closed (`write_overflow`).
  std::chrono::milliseconds overflow_timeout{10'000};
  /// Hard cap on queued bytes: a send that would exceed it closes the session at once
  /// (`write_overflow`). Reached only when other sessions keep sending to a peer that does
  /// not read; a session's own replies stop earlier because reading pauses while it is
  /// not writable.
  std::size_t max_queued_bytes = 16 * 1024 * 1024;
  /// Stop reading while not writable. Right for a server (a peer that does not read our
  /// replies gets no more requests served); a client that pipelines more than the high
  /// watermark to a server that echoes would deadlock with it, so connectors turn it off.
  bool pause_reading_while_unwritable = true;

  /// Most frames and bytes handed to one gathered write.
  std::size_t max_write_batch_frames = 64;
  std::size_t max_write_batch_bytes = 1024 * 1024;

  /// Close after this long without a received byte (`idle_timeout`).
  std::chrono::milliseconds idle_timeout{300'000};
  /// Close when a started frame is still incomplete after this long (`frame_timeout`).
  std::chrono::milliseconds frame_timeout{30'000};
  /// How long a graceful close may spend flushing queued frames before it gives up.
  std::chrono::milliseconds drain_timeout{5'000};
  /// After our FIN, how long to keep discarding the peer's bytes before closing, so that
  /// unread input does not turn the close into a reset that destroys our last replies.
  std::chrono::milliseconds linger_timeout{2'000};
};

}  // namespace proactor
