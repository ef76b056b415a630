#include "echo/echo_console.hpp"

#include <proactor/net/codec.hpp>

#include <stdexcept>
#include <string>
#include <utility>

namespace proactor::apps {

EchoConsole::EchoConsole(EchoClientOptions options)
    : ConsoleClient({.program = options.program, .connect = options.connect_options()}),
      options_(std::move(options))
{}

// Sends the line as one frame.
EchoConsole::Step EchoConsole::on_line(std::string_view line)
{
  Frame frame;
  try {
    frame = encode(options_.codec, line);
  } catch (const std::length_error&) {
    fail("a line of " + std::to_string(line.size()) + " bytes does not fit the framing (" +
         describe(options_.codec) + ")");
    return Step::failed;
  }
  SessionPtr session;
  {
    // Paces a fast stdin (a big file) to the replies; see max_in_flight_bytes().
    auto lock = lock_state();
    const bool room = wait_until(lock, clock::now() + options_.timeout, [&] {
      return in_flight_.empty() ||
             in_flight_bytes_ + frame.size() <= options_.max_in_flight_bytes();
    });
    if (closed(lock)) return Step::failed;  // on_close recorded why
    if (!room) {
      fail(lock, "no reply for " + format_duration(options_.timeout));
      return Step::failed;
    }
    session = current_session(lock);
    in_flight_.push_back(frame.size());
    in_flight_bytes_ += frame.size();
    ++sent_;
  }
  session->send(std::move(frame));
  return Step::more;
}

bool EchoConsole::on_input_end()
{
  const auto deadline = clock::now() + options_.timeout;
  auto lock = lock_state();
  wait_until(lock, deadline, [this] { return received_ >= sent_; });
  if (received_ >= sent_) return true;
  if (!closed(lock))
    fail(lock, "timed out after " + format_duration(options_.timeout) + " waiting for replies (" +
                   std::to_string(received_) + " of " + std::to_string(sent_) + " arrived)");
  return false;
}

void EchoConsole::on_frame(const SessionPtr& /*session*/, ConstBytes payload)
{
  print(as_string_view(payload));
  auto lock = lock_state();
  // Replies come in the order the frames went; this one answers the oldest.
  if (!in_flight_.empty()) {
    in_flight_bytes_ -= in_flight_.front();
    in_flight_.pop_front();
  }
  ++received_;
  notify(lock);
}

}  // namespace proactor::apps
