#pragma once

#include <proactor/net/socket_options.hpp>
#include <proactor/session/session_config.hpp>

#include <chrono>
#include <cstddef>
#include <memory>

namespace proactor {

class Transport;

/// Everything a `Server` can be told. Defaults protect a server out of the box.
struct ServerConfig
{
  /// Limits and timeouts of each session (framing, watermarks, idle and frame deadlines).
  SessionConfig session;
  /// I/O threads, each running its own io_context; 0 means one per hardware thread.
  std::size_t io_threads = 0;
  /// Logic threads that run the handler; 0 runs it inline on the I/O threads.
  std::size_t logic_threads = 0;
  /// With logic threads: jobs each (I/O thread, logic thread) lane holds; a session whose
  /// lane is full stops reading until there is room.
  std::size_t job_queue_capacity = 4096;
  /// With logic threads: the most bytes of one session's frames waiting for its logic
  /// thread; above it the session stops reading until its logic thread has caught up to half
  /// of it. Bounds what a sender already handed over still produces after a recipient held
  /// it (flow control), and what one session can take of the lanes. 0: no bound.
  std::size_t logic_backlog_bytes = 64 * 1024;
  /// Connections beyond this many are accepted and closed at once, and counted as refused.
  std::size_t max_connections = 10'000;
  /// After the acceptor fails for lack of descriptors or memory, wait this long to retry.
  std::chrono::milliseconds accept_backoff{100};
  /// The longest `stop()` waits for sessions to flush and close before it stops the threads.
  std::chrono::milliseconds stop_timeout{10'000};
  /// Listen backlog handed to the kernel.
  int backlog = 1024;
  /// Options set on each accepted connection, and the listener ones on each listener.
  SocketOptions socket_options{};
  /// How accepted sockets become sessions: null is plain TCP; `proactor::tls` makes one that
  /// runs a TLS handshake (with its own deadline) first. Failed handshakes are counted as
  /// `CloseReason::handshake_failed` / `handshake_timeout` closes.
  std::shared_ptr<const Transport> transport = nullptr;
};

}  // namespace proactor
