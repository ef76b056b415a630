#pragma once

#include "echo/echo_client.hpp"
#include <proactor/net/bytes.hpp>
#include <proactor/session/close_reason.hpp>
#include <proactor/session/handler.hpp>
#include <proactor/session/session.hpp>

#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/system/error_code.hpp>

#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <deque>
#include <mutex>
#include <optional>
#include <string>

namespace proactor::apps {

/// The echo client's interactive mode: each line read from stdin is sent as one frame, and
/// each reply is printed to stdout as one line. Ends at stdin's EOF once every reply arrived
/// (waiting at most `timeout`), or as soon as the connection is lost.
///
/// Two threads: the caller of `run()` reads stdin and sends; an I/O thread runs the session
/// and prints replies. The handler callbacks run on the I/O thread.
class EchoConsole final : public Handler
{
 public:
  /// Prepares a console for `options`. Connects nothing yet.
  explicit EchoConsole(EchoClientOptions options);
  ~EchoConsole() override;
  EchoConsole(const EchoConsole&) = delete;
  EchoConsole& operator=(const EchoConsole&) = delete;

  /// Connects, relays stdin and the replies, closes. Returns 0 when every line was echoed,
  /// else prints one error line to stderr and returns 1. Blocks; call once.
  int run();

  /// Records the session. I/O thread.
  void on_open(const SessionPtr& session) override;
  /// Prints the reply as one line to stdout. I/O thread.
  void on_frame(const SessionPtr& session, ConstBytes payload) override;
  /// Records the end of the connection. I/O thread.
  void on_close(const SessionPtr& session, CloseReason reason,
                boost::system::error_code ec) override;

 private:
  using clock = std::chrono::steady_clock;

  bool connect();
  bool relay_stdin();
  bool send_line(std::string_view line);
  bool await_replies();
  void close_session();
  void fail(std::string message);

  EchoClientOptions options_;
  // Declared before the session so that it is destroyed after it.
  boost::asio::io_context io_;
  boost::asio::executor_work_guard<boost::asio::io_context::executor_type> work_;

  std::mutex mutex_;  // guards the members up to error_
  std::condition_variable changed_;
  SessionPtr session_;
  bool connect_done_ = false;
  bool closed_ = false;
  bool closing_ = false;               // we asked for the close
  std::deque<std::size_t> in_flight_;  // wire sizes of frames not yet echoed, oldest first
  std::size_t in_flight_bytes_ = 0;
  std::size_t sent_ = 0;
  std::size_t received_ = 0;
  std::optional<std::string> error_;  // the first failure, printed when run() fails

  // A pipe the I/O thread writes to when the connection ends, so the stdin reader wakes up.
  int wake_read_ = -1;
  int wake_write_ = -1;
};

}  // namespace proactor::apps
