#pragma once

#include "udp/echo_tracker.hpp"
#include <proactor/net/udp_options.hpp>
#include <proactor/session/udp_address.hpp>
#include <proactor/session/udp_handler.hpp>

#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace proactor::udp {

/// How `proactor-udp-echo-client` runs: the result of its flags.
struct EchoClientOptions
{
  /// The program's name, which starts every line it prints to stderr.
  std::string program = "proactor-udp-echo-client";
  /// `--host`: the server's address or name.
  std::string host = "127.0.0.1";
  /// `--port`: the server's port (required).
  std::uint16_t port = 0;
  /// `--count`: datagrams to send.
  std::size_t count = 10;
  /// `--size`: bytes per datagram, the 12-byte header (nonce, sequence number) included.
  std::size_t size = 64;
  /// `--timeout`: a datagram not answered this long after it was sent is lost.
  std::chrono::milliseconds timeout{1000};
  /// `--window`: datagrams sent and not yet answered (nor lost) at most.
  std::size_t window = 64;
  /// `--rcvbuf`, `--sndbuf`: a large window needs room for its answers in the receive buffer.
  UdpOptions socket;
};

/// What a run counted; `sent == answered + lost`.
struct EchoResult
{
  std::uint64_t sent = 0;
  std::uint64_t answered = 0;
  std::uint64_t lost = 0;
  std::uint64_t late = 0;
  std::uint64_t duplicate = 0;
  std::uint64_t reordered = 0;
  std::uint64_t invalid = 0;      ///< datagrams that were not an answer of this run
  std::uint64_t send_errors = 0;  ///< sends the kernel refused; `first_error` says why
  std::string first_error;
  std::chrono::steady_clock::duration elapsed{};
};

/// Sends `count` numbered datagrams to an echo server, `window` at a time, and counts the
/// answers (EchoTracker). Every datagram is `[nonce: u32][seq: u64][zero padding]`, big-endian;
/// the nonce is random per run so that stray datagrams are not taken for answers. Runs on the
/// calling thread. Not thread safe; one owner (main).
class EchoClient final : public UdpHandler
{
 public:
  /// The datagram header: nonce and sequence number.
  static constexpr std::size_t kHeaderSize = 12;

  /// A client for `options` (already validated: size >= kHeaderSize, window >= 1).
  explicit EchoClient(EchoClientOptions options);

  /// Resolves the server, opens a socket, sends and counts until every datagram is answered
  /// or lost. Throws `boost::system::system_error` if the server's address does not resolve
  /// or no socket can be opened.
  EchoResult run();

  /// An answer: counted by the tracker, and the window refilled. On the client's thread.
  void on_datagram(const UdpEndpointPtr& endpoint, const UdpAddress& from,
                   ConstBytes bytes) override;
  /// A send the system refused: counted; the first reason is kept. On the client's thread.
  void on_error(const UdpEndpointPtr& endpoint, boost::system::error_code ec) override;

 private:
  void fill();
  void send(std::uint64_t seq);
  void arm_timer();
  void on_timer(boost::system::error_code ec);
  void finish();

  EchoClientOptions options_;
  boost::asio::io_context io_{1};
  boost::asio::steady_timer timer_{io_};
  EchoTracker tracker_;
  UdpEndpointPtr endpoint_;
  UdpAddress target_;
  std::uint32_t nonce_;
  std::vector<std::byte> padding_;
  bool timer_armed_ = false;
  bool finished_ = false;
  EchoResult result_;
};

}  // namespace proactor::udp
