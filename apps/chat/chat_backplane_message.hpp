#pragma once

#include "chat/chat_backplane.hpp"
#include "chat/chat_event.hpp"

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace proactor::chat {

/// One message on the cluster's bus (the Redis channel every chat server subscribes to):
/// what kind it is, which server sent it, and its body. Plain data; the encoding is
/// `[kind u8][node string][body]` with strings as u16 length + bytes, chat events written as
/// the binary protocol writes them (docs/protocol/chat.md), so each receiving server decodes
/// once and re-encodes once for its own members.
struct BackplaneMessage
{
  /// What the message carries.
  enum class Kind : std::uint8_t
  {
    /// `event` (joined, left, nick_changed, message) happened in room `target`.
    room_event = 1,
    /// `event` (a private_delivered) is for the member called `target`.
    private_message = 2,
    /// The sender's whole membership now (`members`): the presence heartbeat.
    presence = 3,
    /// The sender (re)joined the bus: every server answers with its presence at once.
    sync = 4,
    /// The sender is stopping: forget its members now rather than at the TTL.
    bye = 5,
  };

  Kind kind = Kind::sync;         ///< what this is
  std::string node;               ///< the sending server's node id
  std::string target;             ///< room (room_event) or nickname (private_message)
  Event event;                    ///< room_event and private_message
  std::vector<Presence> members;  ///< presence
};

/// The bytes to publish for `message`; throws std::length_error for a string over 65535
/// bytes. Any thread.
std::string encode(const BackplaneMessage& message);

/// Reads `bytes` into `out`; false for anything malformed (truncated, trailing bytes, an
/// unknown kind, an event that does not parse). Bounds-checked; any thread.
bool decode(std::string_view bytes, BackplaneMessage& out);

}  // namespace proactor::chat
