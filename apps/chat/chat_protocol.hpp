#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

// The chat protocol's vocabulary: message type bytes, error codes and the rules for names
// and text. docs/protocol/chat.md is the specification; this header mirrors it.
namespace proactor::chat {

/// The protocol version this code speaks; a hello with any other version is refused.
inline constexpr std::uint16_t kProtocolVersion = 1;

/// Longest nickname or room name, in bytes.
inline constexpr std::size_t kMaxNameLength = 32;

/// The first byte of every payload: what the rest of it holds. Requests (client to server)
/// are 0x01..0x7f, events (server to client) 0x81..0xff.
enum class MessageType : std::uint8_t
{
  hello = 0x01,
  set_nick = 0x02,
  join = 0x03,
  leave = 0x04,
  say = 0x05,
  private_message = 0x06,
  list_rooms = 0x07,
  list_users = 0x08,
  ping = 0x09,

  welcome = 0x81,
  nick_changed = 0x82,
  joined = 0x83,
  left = 0x84,
  message = 0x85,
  private_delivered = 0x86,
  room_list = 0x87,
  user_list = 0x88,
  pong = 0x89,
  error = 0x8f,
};

/// The numeric code of an error event. Stable on the wire; never renumber.
enum class ErrorCode : std::uint16_t
{
  /// Not an error (never sent).
  none = 0,
  /// The payload was empty, too short for its fields, or had bytes left over.
  malformed = 1,
  /// The type byte names no request.
  unknown_type = 2,
  /// The hello carried a version this server does not speak.
  unsupported_version = 3,
  /// A request other than hello or ping came before the hello.
  hello_required = 4,
  /// The nickname breaks the naming rule (1-32 of A-Z a-z 0-9 _ -).
  invalid_nick = 5,
  /// Another session already uses this nickname (compared case-insensitively).
  nick_taken = 6,
  /// The request needs a nickname, and none is set yet.
  nick_required = 7,
  /// The room name breaks the naming rule.
  invalid_room = 8,
  /// Creating the room would exceed the server's room limit.
  too_many_rooms = 9,
  /// The room already has the server's maximum number of members.
  room_full = 10,
  /// The request needs a current room, and the session has none.
  not_in_room = 11,
  /// The text is empty or holds control characters.
  invalid_text = 12,
  /// The text is longer than the server's message limit.
  message_too_long = 13,
  /// No session uses that nickname.
  no_such_user = 14,
  /// No room has that name.
  no_such_room = 15,
  /// Warning: the client does not read fast enough. Senders in its room are slowed down for
  /// it (events from other servers to it are dropped); if it stops reading it is
  /// disconnected.
  slow_consumer = 16,
  /// The answer does not fit in one frame (the server's --max-frame is too small).
  reply_too_large = 17,
  /// Notice, not an answer: this server lost its link to the other chat servers of a
  /// cluster; the room still works, but only members on this server hear each other.
  degraded = 18,
  /// Notice, not an answer: the link to the other chat servers is back.
  recovered = 19,
  /// The sender exceeded the server's message rate (--max-msgs-per-sec); the message was not
  /// delivered.
  rate_limited = 20,
  /// The message could not be delivered to the rest of the cluster (the link to the other
  /// servers is down or too slow).
  not_delivered = 21,
};

/// The error's stable lowercase name ("nick_taken"), or "unknown". Any thread.
std::string_view to_string(ErrorCode code) noexcept;

/// A sentence describing `code` for people ("that nickname is taken"). Any thread.
std::string_view describe(ErrorCode code) noexcept;

/// True when `name` is 1-32 bytes of A-Z a-z 0-9 '_' '-': the rule for nicknames and
/// room names. Any thread.
bool is_valid_name(std::string_view name) noexcept;

/// The key under which a name is unique: ASCII letters folded to lower case. Any thread.
std::string fold_name(std::string_view name);

/// What is wrong with chat text, if anything: `invalid_text` when it is empty or holds a
/// byte below 0x20 or 0x7f (no line breaks, no terminal escapes), `message_too_long` past
/// `max_length` bytes, else `none`. Bytes from 0x80 up (UTF-8) pass. Any thread.
ErrorCode check_text(std::string_view text, std::size_t max_length) noexcept;

}  // namespace proactor::chat
