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
      keepalive_(io())
{}

bool ChatConsole::on_connected()
{
  boost::asio::post(io(), [this] { arm_keepalive(); });
  // Requests are handled in order, so the nickname is set before the join needs it.
  return send(HelloRequest{}) && send(NickRequest{options_.nick}) &&
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

bool ChatConsole::send(const Request& request)
{
  Frame frame;
  try {
    frame = options_.wire->encode(request, LengthPrefixCodec{});
  } catch (const std::length_error&) {
    print("! that line is too long to send");
    return true;
  }
  SessionPtr session;
  {
    // Paces a fast stdin (a big file) to the server: wait while our queue is full.
    auto lock = lock_state();
    const bool room = wait_until(lock, clock::now() + options_.timeout, [&] {
      return !current_session(lock) || current_session(lock)->writable();
    });
    session = current_session(lock);
    if (closed(lock) || !session) return false;  // on_close recorded why
    if (!room) {
      fail(lock, "the server takes nothing for " + apps::format_duration(options_.timeout));
      return false;
    }
  }
  session->send(std::move(frame));
  return true;
}

// Pings, then leaves the room (if the server says we are in one) and pings again. A pong
// comes after the answers to everything sent before its ping, so once the last one is here
// nothing we asked for is still on its way. Bounded by `drain_wait` in all.
bool ChatConsole::on_input_end()
{
  const auto deadline = clock::now() + options_.drain_wait;
  const auto ping_and_wait = [&] {
    std::uint32_t token = 0;
    {
      auto lock = lock_state();
      token = next_token_++;
    }
    if (!send(PingRequest{token})) return false;
    auto lock = lock_state();
    return wait_until(lock, deadline, [&] { return pong_token_ == token; }) && !closed(lock);
  };
  const bool answered = ping_and_wait();
  bool in_room = false;
  {
    auto lock = lock_state();
    // A server that went away meanwhile is an error; a slow one is not worth more waiting.
    if (closed(lock)) return false;
    in_room = !room_.empty();
  }
  if (answered && in_room) {
    if (!send(LeaveRequest{})) return false;
    ping_and_wait();
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

void ChatConsole::on_disconnected()
{
  keepalive_.cancel();
}

void ChatConsole::on_frame(const SessionPtr& /*session*/, ConstBytes payload)
{
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
