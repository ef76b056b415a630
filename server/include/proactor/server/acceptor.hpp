#pragma once

#include <proactor/net/socket_options.hpp>
#include <proactor/server/io_pool.hpp>
#include <proactor/server/metrics.hpp>
#include <proactor/session/basic_session.hpp>

#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>

#include <chrono>
#include <functional>

namespace proactor {

/// Accepts connections on one endpoint and hands each socket, already placed on the next
/// I/O context of the pool, to `on_accept`. Survives running out of descriptors or memory
/// (EMFILE, ENFILE, ENOBUFS, ENOMEM): it counts the failure, waits `backoff`, and goes on.
/// Runs on one context of the pool; `close()` is thread safe.
class Acceptor
{
 public:
  using OnAccept = std::function<void(TcpSocket)>;

  /// Opens, sets the listener options of `options`, binds and listens (throws
  /// `boost::system::system_error` naming the endpoint on failure). Call `start()` to begin
  /// accepting. Any thread.
  Acceptor(IoPool& pool, const boost::asio::ip::tcp::endpoint& endpoint, int backlog,
           std::chrono::milliseconds backoff, Metrics& metrics, OnAccept on_accept,
           const SocketOptions& options = {});

  /// Begins the accept loop. Call once.
  void start();
  /// Stops accepting and closes the listening socket. Thread safe; idempotent.
  void close();
  /// The bound endpoint, with the real port. Any thread.
  boost::asio::ip::tcp::endpoint local_endpoint() const noexcept { return endpoint_; }

 private:
  void do_accept();
  void on_accept(boost::system::error_code ec, TcpSocket socket);

  IoPool& pool_;
  boost::asio::ip::tcp::acceptor acceptor_;
  boost::asio::steady_timer backoff_timer_;
  std::chrono::milliseconds backoff_;
  Metrics& metrics_;
  OnAccept on_accept_;
  boost::asio::ip::tcp::endpoint endpoint_;
  bool closed_ = false;
  bool accepting_ = false;  // an async_accept is in flight
};

}  // namespace proactor
