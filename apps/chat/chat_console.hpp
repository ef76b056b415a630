#pragma once

#include "chat/chat_client_options.hpp"
#include "chat/chat_request.hpp"
#include "common/console_client.hpp"
#include <proactor/net/bytes.hpp>
#include <proactor/session/session.hpp>

#include <boost/asio/steady_timer.hpp>

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace proactor::chat {

/// The chat client: greets the server, takes the nickname (and room) of the options, then
/// turns each stdin line into a request (`parse_command`) and prints each event as one line
/// (`format_event`).
///
/// A line waits while the session's queue is full, so a server that paces us (or a big file
/// on stdin) stops stdin being read instead of piling it up here: memory stays bounded by
/// the queue's high watermark plus `kMaxInFlight`. At stdin's end or `/quit` it pings and
/// waits for the pong (at most `drain_wait`): the server answers in order, so by then it has
/// handled every line. It then leaves its room the same way and closes gracefully; a pong
/// that never comes fails the run. With `keep_open` it stays instead, printing, until the
/// connection ends. Nothing at all from the server for `stall_timeout` (a healthy server
/// answers the keepalive pings) ends the run with an error.
///
/// Two threads, as `apps::ConsoleClient` runs them: the caller of `run()` reads stdin and
/// sends; an I/O thread runs the session, the timers and the handler callbacks, and prints
/// the events.
class ChatConsole final : public apps::ConsoleClient
{
 public:
  /// Prepares a console for `options`. Connects nothing yet.
  explicit ChatConsole(ChatClientOptions options);

  /// Prints the event as one line; tracks our nickname and room. I/O thread.
  void on_frame(const SessionPtr& session, ConstBytes payload) override;

 private:
  /// Whether a send waits for room in the session's queue.
  enum class Pace : std::uint8_t
  {
    /// Wait while the queue is above its high watermark: every line from stdin.
    wait,
    /// Queue at once: a ping the drain waits for, a leave (a few bytes each).
    none,
  };

  /// Bytes handed to the I/O thread and not yet in the session's queue, at most (beyond
  /// one frame): what a sender may run ahead of `Session::writable()`.
  static constexpr std::size_t kMaxInFlight = 256 * 1024;

  bool on_connected() override;
  Step on_line(std::string_view line) override;
  bool on_input_end() override;
  void on_disconnected() override;

  bool send(const Request& request, Pace pace = Pace::wait);
  bool ping_and_wait();
  void arm_keepalive();
  void arm_stall_watch();

  ChatClientOptions options_;
  boost::asio::steady_timer keepalive_;  // I/O thread only
  boost::asio::steady_timer stall_;      // I/O thread only
  clock::time_point last_heard_;         // I/O thread only: when the last frame arrived
  std::size_t too_long_ = 0;             // caller of run() only: lines not sent

  // Guarded by lock_state().
  std::string nick_;  // ours, as the server confirmed it
  std::string room_;  // ours, as the server confirmed it
  std::uint32_t next_token_ = 1;
  std::uint32_t pong_token_ = 0;  // the last drain ping answered
  std::size_t in_flight_ = 0;     // bytes posted to the I/O thread, not yet queued
};

}  // namespace proactor::chat
