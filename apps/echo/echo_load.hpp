#pragma once

#include "echo/echo_client.hpp"

#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace proactor::apps {

/// The echo client's load mode: spreads `count` patterned frames of `size` bytes over
/// `connections` connections, keeps up to `pipeline` of them in flight on each, and checks
/// every byte of every reply, in order.
///
/// Everything runs on the thread that calls `run()`, so nothing here needs a lock.
class EchoLoad
{
 public:
  /// Prepares a run with `options` (`count` > 0). Connects nothing yet.
  explicit EchoLoad(EchoClientOptions options);
  ~EchoLoad();
  EchoLoad(const EchoLoad&) = delete;
  EchoLoad& operator=(const EchoLoad&) = delete;

  /// Connects, sends, verifies, closes; then prints the summary line to stdout and returns 0,
  /// or prints one error line to stderr and returns 1. Blocks; call once.
  int run();

 private:
  class Connection;
  using clock = std::chrono::steady_clock;

  void on_open();
  void on_reply(std::size_t bytes);
  void fail(std::string message);
  void arm_watchdog();

  EchoClientOptions options_;
  ConnectOptions connect_options_;
  std::string address_;    // the server, as messages name it
  bool printable_;         // delimiter framings get printable payloads
  std::size_t wire_size_;  // one frame as framed on the wire
  std::size_t max_in_flight_bytes_;
  // Declared before the connections so that it is destroyed after them: sessions still
  // held by pending operations are released with the context.
  boost::asio::io_context io_;
  boost::asio::steady_timer watchdog_;
  std::vector<std::unique_ptr<Connection>> connections_;

  std::uint64_t replies_ = 0;
  std::uint64_t reply_bytes_ = 0;
  std::uint64_t replies_at_last_check_ = 0;
  bool watchdog_armed_ = false;
  std::string error_;  // the first failure; the run stops at once
  clock::time_point started_;
  clock::time_point finished_;
};

}  // namespace proactor::apps
