#pragma once

#include <chrono>
#include <cstddef>
#include <optional>

namespace proactor {

/// The socket options a connection or a listener is given, as plain values: no Asio here.
/// `apply` and `apply_listener` (proactor/session/socket_options_apply.hpp) set them.
/// Unset optionals leave the operating system's default alone.
struct SocketOptions
{
  /// TCP_NODELAY: send small writes at once instead of waiting to coalesce them (Nagle).
  bool no_delay = true;

  /// SO_KEEPALIVE: probe a silent peer so a dead connection is noticed.
  bool keep_alive = false;
  /// TCP_KEEPIDLE: silence before the first probe (with `keep_alive`).
  std::optional<std::chrono::seconds> keep_alive_idle;
  /// TCP_KEEPINTVL: time between probes (with `keep_alive`).
  std::optional<std::chrono::seconds> keep_alive_interval;
  /// TCP_KEEPCNT: unanswered probes before the connection is dropped (with `keep_alive`).
  std::optional<int> keep_alive_count;

  /// SO_LINGER: when set, close() waits up to this long for unsent data (0 resets at once).
  std::optional<std::chrono::seconds> linger;

  /// SO_REUSEADDR on a listener: bind while old connections sit in TIME_WAIT.
  bool reuse_address = true;
  /// SO_REUSEPORT on a listener: several listeners may share the port (kernel balances).
  bool reuse_port = false;

  /// SO_RCVBUF in bytes (Linux doubles the value it is given, for bookkeeping).
  std::optional<std::size_t> receive_buffer;
  /// SO_SNDBUF in bytes (Linux doubles the value it is given, for bookkeeping).
  std::optional<std::size_t> send_buffer;
};

}  // namespace proactor
