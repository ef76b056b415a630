#pragma once

#include <proactor/net/frame.hpp>
#include <proactor/server/metrics.hpp>
#include <proactor/server/server_config.hpp>
#include <proactor/session/handler.hpp>
#include <proactor/session/session.hpp>
#include <proactor/session/udp_config.hpp>
#include <proactor/session/udp_endpoint.hpp>
#include <proactor/session/udp_handler.hpp>

#include <cstdint>
#include <functional>
#include <iosfwd>
#include <memory>
#include <string>
#include <string_view>

namespace proactor {

/// Where a server listens: a numeric host and the real port.
struct ListenEndpoint
{
  std::string host;
  std::uint16_t port = 0;
};

/// "127.0.0.1:PORT", or "[::1]:PORT" for IPv6.
std::ostream& operator<<(std::ostream& out, const ListenEndpoint& endpoint);

/// A TCP server: accepts connections, runs each as a session on one of N I/O threads, and
/// hands its frames to the application's `Handler` (inline or on logic threads). It may also
/// run UDP endpoints on the same I/O threads (`open_udp`).
///
///   Server server{config, handler};
///   server.listen("127.0.0.1", 0);
///   std::cout << "listening on " << server.local_endpoint() << std::endl;
///   server.run_until_signal();
///
/// The handler must outlive the server. Public members are thread safe unless noted.
class Server
{
 public:
  /// Creates the I/O threads' contexts (threads start on the first `listen`). Any thread.
  Server(ServerConfig config, Handler& handler);
  /// A server for UDP endpoints only (`open_udp`); `listen` throws `std::logic_error`.
  explicit Server(ServerConfig config);
  /// Stops (as `stop()`) and joins every thread.
  ~Server();
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

  /// Binds `host:port` (numeric IPv4/IPv6 or a name; port 0 picks a free port) and starts
  /// accepting. Throws `boost::system::system_error` with a readable message, e.g. when the
  /// port is in use. May be called more than once to listen on several addresses.
  void listen(std::string_view host, std::uint16_t port);

  /// Opens a UDP endpoint bound to `host:port` (port 0 picks a free port) on the next I/O
  /// thread (round robin) and starts its threads; `handler`'s callbacks run on that thread
  /// and it must outlive the server. Throws `boost::system::system_error` with a readable
  /// message, e.g. when the port is in use. `stop()` closes the endpoint; until then its
  /// pending receive keeps it alive, so the returned pointer need not be kept. Any thread.
  UdpEndpointPtr open_udp(std::string_view host, std::uint16_t port, UdpHandler& handler,
                          UdpConfig config = {});

  /// The first listening endpoint, with the real port. Any thread, after `listen`.
  ListenEndpoint local_endpoint() const;

  /// Starts catching SIGINT and SIGTERM (on Windows: Ctrl+C, Ctrl+Break, closing the console
  /// and the process's stop event; `proactor::StopSignals`): from now on they make
  /// `run_until_signal` stop the server instead of killing the process. Call before announcing
  /// readiness so that a signal sent right after the announcement is not lost. Idempotent; any
  /// thread.
  void catch_signals();

  /// Catches signals (as `catch_signals`), blocks until SIGINT or SIGTERM arrives (or `stop()` is
  /// called elsewhere), then stops. Call from one thread, typically main.
  void run_until_signal();

  /// Blocks until `stop()` has completed (called from another thread or a signal).
  void wait();

  /// Stops accepting and reading, flushes queued replies (bounded by the sessions' drain
  /// deadline and `stop_timeout`), closes every session and UDP endpoint and joins the
  /// threads. A reply queued before `stop()` is delivered. Idempotent; must not be called
  /// from a handler.
  void stop();

  /// Queues `frame` to every open session; one shared buffer for all. With `from` (the
  /// session whose input produced it), recipients above their high watermark hold `from`'s
  /// reading until they drain (`Session::send(frame, from)`); `from` itself is skipped.
  /// Any thread.
  void broadcast(const Frame& frame, const SessionPtr& from = nullptr);

  /// Calls `fn` for every open session (weak references taken under a lock, calls made
  /// outside it). Any thread.
  void for_each_session(const std::function<void(const SessionPtr&)>& fn) const;

  /// The open session with this id, or null. Any thread.
  SessionPtr find_session(SessionId id) const;

  /// Open sessions now. Any thread.
  std::size_t session_count() const;

  /// A copy of the counters. Any thread.
  MetricsSnapshot metrics() const;

  /// The configuration in force (io_threads resolved to the real count). Any thread.
  const ServerConfig& config() const noexcept;

 private:
  class Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace proactor
