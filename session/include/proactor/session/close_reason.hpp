#pragma once

#include <cstdint>
#include <string_view>

namespace proactor {

/// Why a session ended. Handed to `Handler::on_close` exactly once per session.
enum class CloseReason : std::uint8_t
{
  /// The peer closed its side cleanly (FIN) between frames: the normal ending.
  peer_closed,
  /// The connection broke: reset by the peer (RST), or another socket error.
  io_error,
  /// The peer broke framing (oversize or malformed frame, EOF inside a frame).
  protocol_error,
  /// No bytes arrived for `SessionConfig::idle_timeout`.
  idle_timeout,
  /// A started frame did not complete within `SessionConfig::frame_timeout` (slow sender).
  frame_timeout,
  /// The peer stayed above the high write watermark for longer than `overflow_timeout`.
  write_overflow,
  /// The server is stopping; queued frames were flushed first (within the drain deadline).
  server_stopping,
  /// The application called `Session::close()`; queued frames were flushed first.
  local_close,
  /// The security handshake (TLS) failed: a plain-TCP client, no common version, a rejected
  /// certificate. No session was opened, so no handler sees it; servers count it.
  handshake_failed,
  /// The peer connected but did not finish the security handshake in time (see
  /// `TlsTransportOptions::handshake_timeout`). Counted like `handshake_failed`.
  handshake_timeout,
};

/// A short, stable name for `reason` ("peer_closed", "io_error", ...).
std::string_view to_string(CloseReason reason) noexcept;

/// True for the endings that are not a fault of either side (peer_closed, local_close,
/// server_stopping).
constexpr bool is_normal(CloseReason reason) noexcept
{
  return reason == CloseReason::peer_closed || reason == CloseReason::local_close ||
         reason == CloseReason::server_stopping;
}

/// Number of `CloseReason` values; sized for per-reason counters.
inline constexpr std::size_t kCloseReasonCount = 10;

}  // namespace proactor
