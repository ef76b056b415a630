#pragma once

#include <proactor/session/udp_address.hpp>
#include <proactor/session/udp_config.hpp>
#include <proactor/session/udp_handler.hpp>

#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <string>

namespace proactor::udp {

/// What the broadcast and multicast senders send, and how.
struct SenderOptions
{
  /// The program's name, which starts every line it prints to stderr.
  std::string program;
  /// Where the datagrams go: a broadcast address or a multicast group (numeric).
  std::string to;
  /// `--port`: the receivers' port.
  std::uint16_t port = 0;
  /// `--count`: how many datagrams.
  std::size_t count = 1;
  /// `--interval`: the pause between two datagrams.
  std::chrono::milliseconds interval{100};
  /// `--message`: the text of every datagram.
  std::string message = "hello";
  /// The socket's options (SO_BROADCAST, multicast TTL, loopback, interface).
  UdpConfig config;
};

/// Sends `count` datagrams of `message` to `to:port`, `interval` apart, from a socket bound to
/// the wildcard address, then prints `sent N to ADDRESS` on stdout. Runs on the calling thread.
/// Not thread safe; one owner (main).
class UdpSender final : public UdpHandler
{
 public:
  /// A sender for `options`; nothing is opened before `run`.
  explicit UdpSender(SenderOptions options);

  /// Sends everything, or stops at the first send the system refuses (printed to stderr as
  /// "cannot send to ADDRESS: reason"). Returns the exit code: 0 when all went out, 1 if not.
  int run();

  /// Datagrams sent to the sender are ignored.
  void on_datagram(const UdpEndpointPtr&, const UdpAddress&, ConstBytes) override {}
  /// A send the system refused: ends the run with that reason. On the calling thread of `run`.
  void on_error(const UdpEndpointPtr& endpoint, boost::system::error_code ec) override;

 private:
  void send_next();
  void finish();

  SenderOptions options_;
  boost::asio::io_context io_{1};
  boost::asio::steady_timer timer_{io_};
  UdpEndpointPtr endpoint_;
  UdpAddress target_;
  std::size_t queued_ = 0;
  bool finished_ = false;
  boost::system::error_code error_;
};

}  // namespace proactor::udp
