#pragma once

#include "chat/chat_client_options.hpp"
#include "chat/chat_request.hpp"
#include "common/console_client.hpp"
#include <proactor/net/bytes.hpp>
#include <proactor/session/session.hpp>

#include <boost/asio/steady_timer.hpp>

#include <cstdint>
#include <string>
#include <string_view>

namespace proactor::chat {

/// The chat client: greets the server, takes the nickname (and room) of the options, then
/// turns each stdin line into a request (`parse_command`) and prints each event as one line
/// (`format_event`). At stdin's end or `/quit` it leaves its room, waits for the server to
/// answer a ping (at most `drain_wait`), and closes gracefully.
///
/// Two threads, as `apps::ConsoleClient` runs them: the caller of `run()` reads stdin and
/// sends; an I/O thread runs the session, the keepalive timer and the handler callbacks, and
/// prints the events.
class ChatConsole final : public apps::ConsoleClient
{
 public:
  /// Prepares a console for `options`. Connects nothing yet.
  explicit ChatConsole(ChatClientOptions options);

  /// Prints the event as one line; tracks our nickname and room. I/O thread.
  void on_frame(const SessionPtr& session, ConstBytes payload) override;

 private:
  bool on_connected() override;
  Step on_line(std::string_view line) override;
  bool on_input_end() override;
  void on_disconnected() override;

  bool send(const Request& request);
  void arm_keepalive();

  ChatClientOptions options_;
  boost::asio::steady_timer keepalive_;  // I/O thread only

  // Guarded by lock_state().
  std::string nick_;  // ours, as the server confirmed it
  std::string room_;  // ours, as the server confirmed it
  std::uint32_t next_token_ = 1;
  std::uint32_t pong_token_ = 0;  // the last drain ping answered
};

}  // namespace proactor::chat
