#pragma once

#include "calc/calc_client_options.hpp"
#include "common/console_client.hpp"
#include <proactor/net/bytes.hpp>
#include <proactor/session/session.hpp>

#include <cstddef>
#include <string_view>

namespace proactor::calc {

/// The calculator client's stdin mode: each stdin line is an expression sent as one request,
/// and each reply prints as one line ("7", "error: division by zero"). A line that is not an
/// expression prints one line to stderr and is skipped; a blank line is skipped. Ends at
/// stdin's EOF once every reply arrived (waiting at most `timeout`), or as soon as the
/// connection is lost.
///
/// Two threads, as `ConsoleClient` runs them: the caller of `run()` reads stdin and sends;
/// an I/O thread runs the session and prints replies.
class CalcConsole final : public apps::ConsoleClient
{
 public:
  /// Prepares a console for `options`. Connects nothing yet.
  explicit CalcConsole(CalcClientOptions options);

  /// Prints the reply as one line to stdout. I/O thread.
  void on_frame(const SessionPtr& session, ConstBytes payload) override;

 private:
  Step on_line(std::string_view line) override;
  bool on_input_end() override;

  CalcClientOptions options_;

  // Guarded by lock_state().
  std::size_t sent_ = 0;
  std::size_t received_ = 0;
};

}  // namespace proactor::calc
