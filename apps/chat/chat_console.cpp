#include "chat/chat_console.hpp"

#include "chat/chat_command.hpp"
#include "chat/chat_event.hpp"
#include "chat/chat_format.hpp"
#include "common/flag_parser.hpp"

#include <boost/asio/post.hpp>

#include <stdexcept>
#include <utility>
#include <variant>

namespace proactor::chat {

ChatConsole::ChatConsole(ChatClientOptions options)
    : ConsoleClient(
          {.program = options.program, .connect = options.connect_options(), .strip_cr = true}),
      options_(std::move(options)),
      keepalive_(io()),
      stall_(io())
{}

bool ChatConsole::on_connected()
{
  boost::asio::post(io(), [this] {
    last_heard_ = clock::now();
    arm_keepalive();
    arm_stall_watch();
  });
  // Requests are handled in order, so the nickname is set before the join needs it.
  if (!send(HelloRequest{})) return false;
  if (options_.nick.empty()) return true;  // a /nick line will choose one
  return send(NickRequest{options_.nick}) &&
         (options_.room.empty() || send(JoinRequest{options_.room}));
}

ChatConsole::Step ChatConsole::on_line(std::string_view line)
{
  Command command = parse_command(line);
  switch (command.kind) {
    case Command::Kind::nothing:
      return Step::more;
    case Command::Kind::send:
      return send(command.request) ? Step::more : Step::failed;
    case Command::Kind::quit:
      return Step::quit;
    case Command::Kind::help:
      print(command_help());
      return Step::more;
    case Command::Kind::invalid:
      print("! " + command.error);
      return Step::more;
  }
  return Step::more;
}

bool ChatConsole::send(const Request& request, Pace pace)
{
  Frame frame;
  try {
    frame = options_.wire->encode(request, LengthPrefixCodec{});
  } catch (const std::length_error&) {
    print("! that line is too long to send");
    ++too_long_;
    return true;
  }
  SessionPtr session;
  {
    // Paces a fast stdin (a big file, a server that slows us down) to the server: wait
    // while our queue is full, or while the I/O thread has not queued what we handed it
    // (writable() only sees what is queued). stdin is not read meanwhile. The wait ends
    // with the connection, or when the stall watch gives up on a silent server.
    auto lock = lock_state();
    if (pace == Pace::wait) {
      wait(lock, [&] {
        const SessionPtr& current = current_session(lock);
        return !current || (current->writable() && in_flight_ < kMaxInFlight);
      });
    }
    session = current_session(lock);
    if (closed(lock) || !session) return false;  // on_close or give_up recorded why
    in_flight_ += frame.size();
  }
  // Queued on the I/O thread, the session's own: there it goes into the queue at once, so
  // writable() is up to date when the sender looks again.
  boost::asio::post(io(), [this, session = std::move(session), frame = std::move(frame)]() mutable {
    const std::size_t size = frame.size();
    session->send(std::move(frame));
    auto lock = lock_state();
    in_flight_ -= size;
    notify(lock);
  });
  return true;
}

// Pings and waits for the pong, at most `drain_wait`. The server answers requests in the
// order they were sent, so once the pong is here everything sent before it has been handled.
bool ChatConsole::ping_and_wait()
{
  std::uint32_t token = 0;
  {
    auto lock = lock_state();
    token = next_token_++;
  }
  // Not paced: a full queue is what the wait below waits out.
  if (!send(PingRequest{token}, Pace::none)) return false;
  auto lock = lock_state();
  wait_until(lock, clock::now() + options_.drain_wait, [&] { return pong_token_ == token; });
  if (pong_token_ == token) return true;
  if (closed(lock)) return false;  // on_close or give_up recorded why
  fail(lock, "the server did not answer within " + apps::format_duration(options_.drain_wait) +
                 ": what was sent may not all have been handled");
  return false;
}

// Waits until the server has handled every line, then leaves the room (if the server says we
// are in one) and waits again, so that the room sees us go before the connection closes.
bool ChatConsole::on_input_end()
{
  if (options_.keep_open) {
    // Until the connection ends or the stall watch gives up; killing the program is the
    // normal way out.
    auto lock = lock_state();
    wait(lock, [] { return false; });
    return false;  // on_close or give_up recorded why
  }
  if (!ping_and_wait()) return false;
  bool in_room = false;
  {
    auto lock = lock_state();
    in_room = !room_.empty();
  }
  if (in_room && !(send(LeaveRequest{}, Pace::none) && ping_and_wait())) return false;
  if (too_long_ > 0) {
    fail(std::to_string(too_long_) + (too_long_ == 1 ? " line was" : " lines were") +
         " too long to send");
    return false;
  }
  return !closed(lock_state());
}

void ChatConsole::arm_keepalive()
{
  keepalive_.expires_after(options_.keepalive);
  keepalive_.async_wait([this](boost::system::error_code ec) {
    if (ec) return;
    SessionPtr session = current_session(lock_state());
    if (!session) return;
    session->send(options_.wire->encode(PingRequest{0}, LengthPrefixCodec{}));
    arm_keepalive();
  });
}

// Looks again whenever the last frame is `stall_timeout` old. The keepalive pings make a
// healthy server answer at least every `keepalive`, so silence that long means it takes
// nothing from us and sends nothing: waiting on is pointless.
void ChatConsole::arm_stall_watch()
{
  if (options_.stall_timeout.count() == 0) return;
  stall_.expires_at(last_heard_ + options_.stall_timeout);
  stall_.async_wait([this](boost::system::error_code ec) {
    if (ec) return;
    if (clock::now() < last_heard_ + options_.stall_timeout) return arm_stall_watch();
    give_up("the server has sent nothing for " + apps::format_duration(options_.stall_timeout));
  });
}

void ChatConsole::on_disconnected()
{
  keepalive_.cancel();
  stall_.cancel();
}

void ChatConsole::on_frame(const SessionPtr& /*session*/, ConstBytes payload)
{
  last_heard_ = clock::now();
  Event event;
  if (options_.wire->parse(payload, event) != ErrorCode::none)
    return print("! a malformed event arrived");
  std::string nick;
  {
    auto lock = lock_state();
    if (const auto* e = std::get_if<NickEvent>(&event);
        e && (e->old_nick.empty() || e->old_nick == nick_))
      nick_ = e->new_nick;
    if (const auto* e = std::get_if<JoinedEvent>(&event); e && e->nick == nick_) room_ = e->room;
    if (const auto* e = std::get_if<LeftEvent>(&event); e && e->nick == nick_ && e->room == room_)
      room_.clear();
    if (const auto* e = std::get_if<PongEvent>(&event); e && e->token != 0) {
      pong_token_ = e->token;
      notify(lock);
    }
    nick = nick_;
  }
  if (const auto line = format_event(event, nick)) print(*line);
}

}  // namespace proactor::chat
