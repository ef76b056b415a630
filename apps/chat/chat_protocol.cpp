#include "chat/chat_protocol.hpp"

#include <algorithm>

namespace proactor::chat {
namespace {

struct CodeText
{
  ErrorCode code;
  std::string_view name;
  std::string_view description;
};

constexpr CodeText kCodes[] = {
    {ErrorCode::none, "none", "no error"},
    {ErrorCode::malformed, "malformed", "malformed message"},
    {ErrorCode::unknown_type, "unknown_type", "unknown message type"},
    {ErrorCode::unsupported_version, "unsupported_version", "unsupported protocol version"},
    {ErrorCode::hello_required, "hello_required", "send hello first"},
    {ErrorCode::invalid_nick, "invalid_nick",
     "invalid nickname: use 1-32 characters of A-Z a-z 0-9 _ -"},
    {ErrorCode::nick_taken, "nick_taken", "that nickname is taken"},
    {ErrorCode::nick_required, "nick_required", "set a nickname first"},
    {ErrorCode::invalid_room, "invalid_room",
     "invalid room name: use 1-32 characters of A-Z a-z 0-9 _ -"},
    {ErrorCode::too_many_rooms, "too_many_rooms", "too many rooms"},
    {ErrorCode::room_full, "room_full", "that room is full"},
    {ErrorCode::not_in_room, "not_in_room", "join a room first"},
    {ErrorCode::invalid_text, "invalid_text", "text must be non-empty, without control characters"},
    {ErrorCode::message_too_long, "message_too_long", "message too long"},
    {ErrorCode::no_such_user, "no_such_user", "no such user"},
    {ErrorCode::no_such_room, "no_such_room", "no such room"},
    {ErrorCode::slow_consumer, "slow_consumer",
     "you are not reading fast enough: the room is being slowed down for you, and you will be "
     "disconnected if you stop reading"},
    {ErrorCode::reply_too_large, "reply_too_large", "the reply does not fit in one frame"},
    {ErrorCode::degraded, "degraded",
     "room degraded: the other chat servers cannot be reached; only members on this server "
     "hear you"},
    {ErrorCode::recovered, "recovered", "the other chat servers can be reached again"},
    {ErrorCode::rate_limited, "rate_limited", "you are sending too fast; message not delivered"},
    {ErrorCode::not_delivered, "not_delivered", "message not delivered to the other servers"},
};

const CodeText* find(ErrorCode code) noexcept
{
  const auto it = std::find_if(std::begin(kCodes), std::end(kCodes),
                               [code](const CodeText& entry) { return entry.code == code; });
  return it == std::end(kCodes) ? nullptr : it;
}

bool is_name_char(char c) noexcept
{
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
         c == '-';
}

}  // namespace

std::string_view to_string(ErrorCode code) noexcept
{
  const CodeText* entry = find(code);
  return entry ? entry->name : "unknown";
}

std::string_view describe(ErrorCode code) noexcept
{
  const CodeText* entry = find(code);
  return entry ? entry->description : "unknown error";
}

bool is_valid_name(std::string_view name) noexcept
{
  return !name.empty() && name.size() <= kMaxNameLength &&
         std::all_of(name.begin(), name.end(), is_name_char);
}

std::string fold_name(std::string_view name)
{
  std::string folded(name);
  for (char& c : folded)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return folded;
}

ErrorCode check_text(std::string_view text, std::size_t max_length) noexcept
{
  if (text.size() > max_length) return ErrorCode::message_too_long;
  const bool control = std::any_of(text.begin(), text.end(), [](char c) {
    const auto byte = static_cast<unsigned char>(c);
    return byte < 0x20 || byte == 0x7f;
  });
  if (text.empty() || control) return ErrorCode::invalid_text;
  return ErrorCode::none;
}

}  // namespace proactor::chat
