#include "calc/calc_console.hpp"

#include "calc/calc_protocol.hpp"
#include "common/messages.hpp"
#include <proactor/net/packet_writer.hpp>

#include <string>
#include <utility>

namespace proactor::calc {

CalcConsole::CalcConsole(CalcClientOptions options)
    : ConsoleClient(
          {.program = options.program, .connect = options.connect_options(), .strip_cr = true}),
      options_(std::move(options))
{}

// Sends the line's expression as one request; replies are printed as they come, in order.
CalcConsole::Step CalcConsole::on_line(std::string_view line)
{
  if (line.find_first_not_of(" \t") == std::string_view::npos) return Step::more;
  const auto request = parse_expression(line);
  if (!request) {
    apps::print_error(options_.program,
                      "bad expression '" + std::string(line) + "': expected NUMBER OP NUMBER");
    return Step::more;
  }
  PacketWriter writer(kRequestSize);
  write(writer, *request);
  SessionPtr session;
  {
    auto lock = lock_state();
    if (closed(lock)) return Step::failed;  // on_close recorded why
    session = current_session(lock);
    ++sent_;
  }
  session->send(std::move(writer).to_frame());
  return Step::more;
}

bool CalcConsole::on_input_end()
{
  const auto deadline = clock::now() + options_.timeout;
  auto lock = lock_state();
  wait_until(lock, deadline, [this] { return received_ >= sent_; });
  if (received_ >= sent_) return true;
  if (!closed(lock))
    fail(lock, "timed out after " + apps::format_duration(options_.timeout) +
                   " waiting for replies (" + std::to_string(received_) + " of " +
                   std::to_string(sent_) + " arrived)");
  return false;
}

void CalcConsole::on_frame(const SessionPtr& session, ConstBytes payload)
{
  const auto reply = parse_reply(payload);
  if (!reply) {
    fail("malformed reply of " + std::to_string(payload.size()) + " bytes");
    session->close();
    return;
  }
  print(format_reply(*reply));
  auto lock = lock_state();
  ++received_;
  notify(lock);
}

}  // namespace proactor::calc
