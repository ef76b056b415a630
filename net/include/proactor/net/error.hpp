#pragma once

#include <boost/system/error_code.hpp>

#include <type_traits>

namespace proactor {

/// Reasons the framework itself closes a session, rejects input or refuses work.
enum class error
{
  /// A frame header announced (or a line ran) past the configured maximum frame size.
  frame_too_large = 1,
  /// Bytes on the wire do not form a valid frame for the configured codec.
  malformed_frame,
  /// A packet ended before a field it was expected to hold.
  packet_truncated,
  /// A packet held bytes after its last expected field.
  packet_trailing_bytes,
  /// No bytes arrived within the idle timeout.
  idle_timeout,
  /// A started frame did not complete within the frame deadline (slow sender).
  frame_timeout,
  /// The peer did not drain its write queue below the high watermark in time.
  write_queue_overflow,
  /// The connection limit was reached; the connection was refused.
  connection_limit,
  /// The server is stopping.
  server_stopping,
  /// An outgoing connection was not established within the connect timeout.
  connect_timeout,
  /// Queued writes could not be flushed before the stop deadline.
  drain_timeout,
  /// A compressed payload announced more bytes than the limit; it was not decompressed.
  decompressed_too_large,
  /// A connection did not complete its security handshake (TLS) within the handshake deadline.
  handshake_timeout,
};

/// The category of `proactor::error` values; its name is "proactor".
const boost::system::error_category& error_category() noexcept;

/// Wraps `e` in an error_code of the proactor category.
boost::system::error_code make_error_code(error e) noexcept;

}  // namespace proactor

template <>
struct boost::system::is_error_code_enum<proactor::error> : std::true_type
{};
