#include <proactor/session/close_reason.hpp>

namespace proactor {

std::string_view to_string(CloseReason reason) noexcept
{
  switch (reason) {
    case CloseReason::peer_closed:
      return "peer_closed";
    case CloseReason::io_error:
      return "io_error";
    case CloseReason::protocol_error:
      return "protocol_error";
    case CloseReason::idle_timeout:
      return "idle_timeout";
    case CloseReason::frame_timeout:
      return "frame_timeout";
    case CloseReason::write_overflow:
      return "write_overflow";
    case CloseReason::server_stopping:
      return "server_stopping";
    case CloseReason::local_close:
      return "local_close";
    case CloseReason::handshake_failed:
      return "handshake_failed";
    case CloseReason::handshake_timeout:
      return "handshake_timeout";
  }
  return "unknown";
}

}  // namespace proactor
