#pragma once

#include "chat/chat_client_options.hpp"
#include "chat/chat_request.hpp"
#include <proactor/net/bytes.hpp>
#include <proactor/session/close_reason.hpp>
#include <proactor/session/handler.hpp>
#include <proactor/session/session.hpp>

#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/system/error_code.hpp>

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>

namespace proactor::chat {

/// The chat client: greets the server, takes the nickname (and room) of the options, then
/// turns each stdin line into a request (`parse_command`) and prints each event as one line
/// (`format_event`). At stdin's end or `/quit` it leaves its room, waits for the server to
/// answer a ping (at most `drain_wait`), and closes gracefully.
///
/// Two threads: the caller of `run()` reads stdin and sends; an I/O thread runs the session,
/// the keepalive timer and the handler callbacks, and prints the events.
class ChatConsole final : public Handler
{
 public:
  /// Prepares a console for `options`. Connects nothing yet.
  explicit ChatConsole(ChatClientOptions options);
  /// Closes the wake-up pipe. After `run()` returned.
  ~ChatConsole() override;
  ChatConsole(const ChatConsole&) = delete;
  ChatConsole& operator=(const ChatConsole&) = delete;

  /// Connects, relays stdin and the events, leaves. Returns 0 after stdin's end or `/quit`;
  /// prints one error line to stderr and returns 1 when the connection fails or is lost.
  /// Blocks; call once.
  int run();

  /// Records the session. I/O thread.
  void on_open(const SessionPtr& session) override;
  /// Prints the event as one line; tracks our nickname and room. I/O thread.
  void on_frame(const SessionPtr& session, ConstBytes payload) override;
  /// Lets a paced sender continue. I/O thread.
  void on_writable(const SessionPtr& session) override;
  /// Records the end of the connection and wakes the stdin reader. I/O thread.
  void on_close(const SessionPtr& session, CloseReason reason,
                boost::system::error_code ec) override;

 private:
  using clock = std::chrono::steady_clock;
  // What relaying stdin should do after a line.
  enum class Step : std::uint8_t
  {
    more,
    quit,
    failed,
  };

  bool connect();
  bool relay_stdin();
  Step handle_line(std::string_view line);
  bool send(const Request& request);
  bool leave_and_drain();
  void close_session();
  void arm_keepalive();
  void print(std::string_view line);
  void fail(std::string message);

  ChatClientOptions options_;
  // Declared before the session and the timer so that it is destroyed after them.
  boost::asio::io_context io_;
  boost::asio::executor_work_guard<boost::asio::io_context::executor_type> work_;
  boost::asio::steady_timer keepalive_;  // I/O thread only

  std::mutex print_mutex_;  // one line at a time on stdout

  std::mutex mutex_;  // guards the members up to error_
  std::condition_variable changed_;
  SessionPtr session_;
  bool connect_done_ = false;
  bool closed_ = false;
  bool closing_ = false;  // we asked for the close
  std::string nick_;      // ours, as the server confirmed it
  std::string room_;      // ours, as the server confirmed it
  std::uint32_t next_token_ = 1;
  std::uint32_t pong_token_ = 0;  // the last drain ping answered
  std::optional<std::string> error_;

  // A pipe the I/O thread writes to when the connection ends, so the stdin reader wakes up.
  int wake_read_ = -1;
  int wake_write_ = -1;
};

}  // namespace proactor::chat
