#pragma once

#include "common/console_client.hpp"
#include "echo/echo_client.hpp"
#include <proactor/net/bytes.hpp>
#include <proactor/session/session.hpp>

#include <cstddef>
#include <deque>
#include <string_view>

namespace proactor::apps {

/// The echo client's interactive mode: each line read from stdin is sent as one frame, and
/// each reply is printed to stdout as one line. Ends at stdin's EOF once every reply arrived
/// (waiting at most `timeout`), or as soon as the connection is lost.
///
/// Two threads, as `ConsoleClient` runs them: the caller of `run()` reads stdin and sends;
/// an I/O thread runs the session and prints replies.
class EchoConsole final : public ConsoleClient
{
 public:
  /// Prepares a console for `options`. Connects nothing yet.
  explicit EchoConsole(EchoClientOptions options);

  /// Prints the reply as one line to stdout. I/O thread.
  void on_frame(const SessionPtr& session, ConstBytes payload) override;

 private:
  Step on_line(std::string_view line) override;
  bool on_input_end() override;

  EchoClientOptions options_;

  // Guarded by lock_state().
  std::deque<std::size_t> in_flight_;  // wire sizes of frames not yet echoed, oldest first
  std::size_t in_flight_bytes_ = 0;
  std::size_t sent_ = 0;
  std::size_t received_ = 0;
};

}  // namespace proactor::apps
