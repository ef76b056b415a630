#include "chat/chat_command.hpp"

#include <utility>

namespace proactor::chat {
namespace {

constexpr std::string_view kSpaces = " \t";

std::string_view trim(std::string_view text)
{
  const auto first = text.find_first_not_of(kSpaces);
  if (first == std::string_view::npos) return {};
  const auto last = text.find_last_not_of(kSpaces);
  return text.substr(first, last - first + 1);
}

// Splits "word rest of line" into the word and the trimmed rest.
std::pair<std::string_view, std::string_view> split_word(std::string_view text)
{
  text = trim(text);
  const auto space = text.find_first_of(kSpaces);
  if (space == std::string_view::npos) return {text, {}};
  return {text.substr(0, space), trim(text.substr(space))};
}

Command send(Request request)
{
  return Command{Command::Kind::send, std::move(request), {}};
}

Command invalid(std::string message)
{
  return Command{Command::Kind::invalid, {}, std::move(message)};
}

}  // namespace

Command parse_command(std::string_view line)
{
  if (trim(line).empty()) return {};
  if (!line.starts_with('/')) return send(SayRequest{std::string(line)});
  if (line.starts_with("//")) return send(SayRequest{std::string(line.substr(1))});

  const auto [name, rest] = split_word(line);
  const auto [first, tail] = split_word(rest);
  const bool one_word = !first.empty() && tail.empty();
  if (name == "/join") {
    if (!one_word) return invalid("usage: /join ROOM");
    return send(JoinRequest{std::string(first)});
  }
  if (name == "/nick") {
    if (!one_word) return invalid("usage: /nick NAME");
    return send(NickRequest{std::string(first)});
  }
  if (name == "/msg") {
    if (first.empty() || tail.empty()) return invalid("usage: /msg NICK TEXT");
    return send(PrivateRequest{std::string(first), std::string(tail)});
  }
  if (name == "/who") {
    if (!rest.empty() && !one_word) return invalid("usage: /who [ROOM]");
    return send(UsersRequest{std::string(first)});
  }
  if (!rest.empty() && (name == "/leave" || name == "/rooms" || name == "/quit" || name == "/help"))
    return invalid("usage: " + std::string(name) + " (takes no argument)");
  if (name == "/leave") return send(LeaveRequest{});
  if (name == "/rooms") return send(RoomsRequest{});
  if (name == "/quit") return Command{Command::Kind::quit, {}, {}};
  if (name == "/help") return Command{Command::Kind::help, {}, {}};
  return invalid("unknown command " + std::string(name) + " (try /help)");
}

std::string_view command_help() noexcept
{
  return "commands: TEXT says it to the room, /join ROOM, /leave, /nick NAME, /msg NICK TEXT, "
         "/rooms, /who [ROOM], /quit, /help (//TEXT says a line that starts with /)";
}

}  // namespace proactor::chat
