#pragma once

#include <proactor/session/udp_config.hpp>
#include <proactor/session/udp_endpoint.hpp>
#include <proactor/session/stop_signals.hpp>
#include <proactor/session/udp_handler.hpp>

#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>

namespace proactor::udp {

/// Where the broadcast and multicast receivers listen, and for how long.
struct ReceiverOptions
{
  /// The program's name, which starts every line it prints to stderr.
  std::string program;
  /// `--host`: the address to bind; broadcasts and multicasts reach the wildcard address.
  std::string host = "0.0.0.0";
  /// `--port`: the port to bind; 0 picks a free one (printed in the ready line).
  std::uint16_t port = 0;
  /// `--count`: exit 0 after this many datagrams; 0 means no limit.
  std::size_t count = 0;
  /// `--timeout`: give up after this long; 0 means never.
  std::chrono::milliseconds timeout{0};
  /// The socket's options.
  UdpConfig config;
};

/// Prints every datagram as one line, `FROM TEXT` (FROM as "host:port", TEXT with bytes that
/// are not printable ASCII written as \xNN), until `count` datagrams, the timeout, SIGINT or
/// SIGTERM. `run` runs the I/O on a thread of its own and waits for it. Not thread safe; one
/// owner (main).
class UdpReceiver final : public UdpHandler
{
 public:
  /// Binds `host:port` and starts catching SIGINT and SIGTERM (so that a signal sent right
  /// after the ready line is not lost). Throws `boost::system::system_error` when it cannot
  /// bind, e.g. "Address already in use".
  explicit UdpReceiver(ReceiverOptions options);

  /// The bound endpoint: for its address and for joining groups before `run`.
  UdpEndpoint& endpoint() noexcept { return *endpoint_; }

  /// Prints datagrams until the end; calls `before_close` (e.g. to leave a group) right before
  /// the socket closes, on the I/O thread. Returns the exit code: 0, or 1 when `--count` datagrams
  /// did not come within `--timeout` (one line on stderr says how many did).
  int run(std::function<void()> before_close = {});

  /// Prints the datagram; the `count`th ends the run. On the I/O thread of `run`.
  void on_datagram(const UdpEndpointPtr& endpoint, const UdpAddress& from,
                   ConstBytes bytes) override;

 private:
  void finish(int exit_code);

  ReceiverOptions options_;
  boost::asio::io_context io_{1};
  StopSignals signals_{io_};
  boost::asio::steady_timer timer_{io_};
  UdpEndpointPtr endpoint_;
  std::function<void()> before_close_;
  std::size_t received_ = 0;
  bool finished_ = false;
  int exit_code_ = 0;
};

}  // namespace proactor::udp
