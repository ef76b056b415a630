#include "chat/chat_format.hpp"

namespace proactor::chat {
namespace {

using Line = std::optional<std::string>;

Line line(const WelcomeEvent& e, std::string_view)
{
  return "* " + e.text;
}

Line line(const NickEvent& e, std::string_view)
{
  if (e.old_nick.empty()) return "* you are now known as " + e.new_nick;
  return "* " + e.old_nick + " is now known as " + e.new_nick;
}

Line line(const JoinedEvent& e, std::string_view)
{
  return "* " + e.nick + " joined " + e.room;
}

Line line(const LeftEvent& e, std::string_view)
{
  return "* " + e.nick + " left " + e.room;
}

Line line(const MessageEvent& e, std::string_view)
{
  return "[" + e.room + "] " + e.nick + ": " + e.text;
}

Line line(const PrivateEvent& e, std::string_view me)
{
  if (e.from == me && e.to != me) return "[pm to " + e.to + "] " + e.text;
  return "[pm from " + e.from + "] " + e.text;
}

Line line(const RoomsEvent& e, std::string_view)
{
  if (e.rooms.empty()) return "rooms: none";
  std::string text = "rooms: ";
  for (std::size_t i = 0; i < e.rooms.size(); ++i) {
    if (i > 0) text += ", ";
    text += e.rooms[i].name + " (" + std::to_string(e.rooms[i].members) + ")";
  }
  return text;
}

Line line(const UsersEvent& e, std::string_view)
{
  std::string text = "users in " + e.room + ":";
  for (std::size_t i = 0; i < e.nicks.size(); ++i) text += (i > 0 ? ", " : " ") + e.nicks[i];
  return text;
}

Line line(const PongEvent&, std::string_view)
{
  return std::nullopt;
}

Line line(const ErrorEvent& e, std::string_view)
{
  // The cluster's notices are news about the room, not a failed request.
  if (e.code == ErrorCode::degraded || e.code == ErrorCode::recovered) return "* " + e.text;
  return "! error: " + e.text;
}

}  // namespace

std::optional<std::string> format_event(const Event& event, std::string_view my_nick)
{
  Line text = std::visit([my_nick](const auto& e) { return line(e, my_nick); }, event);
  // A well-behaved server never sends control characters; a terminal must not obey any.
  if (text)
    for (char& c : *text)
      if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) c = '?';
  return text;
}

}  // namespace proactor::chat
