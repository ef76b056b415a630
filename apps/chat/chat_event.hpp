#pragma once

#include "chat/chat_protocol.hpp"
#include <proactor/net/bytes.hpp>
#include <proactor/net/codec.hpp>
#include <proactor/net/frame.hpp>
#include <proactor/net/length_prefix_codec.hpp>
#include <proactor/net/packet_writer.hpp>

#include <cstdint>
#include <string>
#include <variant>
#include <vector>

namespace proactor::chat {

/// `welcome`: the answer to hello; `text` tells a new client how to start.
struct WelcomeEvent
{
  std::uint16_t version = kProtocolVersion;  ///< the version the server speaks
  std::string text;                          ///< the greeting
  bool operator==(const WelcomeEvent&) const = default;
};

/// `nick_changed`: `old_nick` is now called `new_nick`; `old_nick` is empty when a session
/// got its first nickname. Sent to the session itself and to its room.
struct NickEvent
{
  std::string old_nick;  ///< empty for a first nickname
  std::string new_nick;  ///< the nickname now
  bool operator==(const NickEvent&) const = default;
};

/// `joined`: `nick` entered `room`. Sent to every member, the newcomer included.
struct JoinedEvent
{
  std::string room;  ///< the room entered
  std::string nick;  ///< who entered it
  bool operator==(const JoinedEvent&) const = default;
};

/// `left`: `nick` left `room` (asked to, joined another room, or disconnected). Sent to the
/// remaining members and to the leaver.
struct LeftEvent
{
  std::string room;  ///< the room left
  std::string nick;  ///< who left it
  bool operator==(const LeftEvent&) const = default;
};

/// `message`: `nick` said `text` in `room`. Sent to every member, the sender included.
struct MessageEvent
{
  std::string room;  ///< where it was said
  std::string nick;  ///< who said it
  std::string text;  ///< what was said
  bool operator==(const MessageEvent&) const = default;
};

/// `private_delivered`: `from` sent `text` to `to` alone. Sent to both.
struct PrivateEvent
{
  std::string from;  ///< the sender's nickname
  std::string to;    ///< the recipient's nickname
  std::string text;  ///< what was said
  bool operator==(const PrivateEvent&) const = default;
};

/// One entry of a room list.
struct RoomInfo
{
  std::string name;           ///< the room's name
  std::uint16_t members = 0;  ///< how many are in it
  bool operator==(const RoomInfo&) const = default;
};

/// `room_list`: every room, by name.
struct RoomsEvent
{
  std::vector<RoomInfo> rooms;  ///< sorted by name, case-insensitively
  bool operator==(const RoomsEvent&) const = default;
};

/// `user_list`: the members of `room`, by nickname.
struct UsersEvent
{
  std::string room;                ///< the room listed
  std::vector<std::string> nicks;  ///< its members, sorted case-insensitively
  bool operator==(const UsersEvent&) const = default;
};

/// `pong`: the answer to ping, carrying its token.
struct PongEvent
{
  std::uint32_t token = 0;  ///< the ping's token
  bool operator==(const PongEvent&) const = default;
};

/// `error`: a request failed (`request` is its type byte, 0 when unknown), or the server
/// warns the client (`slow_consumer`). The session stays open.
struct ErrorEvent
{
  ErrorCode code = ErrorCode::none;  ///< what went wrong, for programs
  std::uint8_t request = 0;          ///< type byte of the failed payload, or 0
  std::string text;                  ///< what went wrong, for people
  bool operator==(const ErrorEvent&) const = default;
};

/// Any message a server sends.
using Event = std::variant<WelcomeEvent, NickEvent, JoinedEvent, LeftEvent, MessageEvent,
                           PrivateEvent, RoomsEvent, UsersEvent, PongEvent, ErrorEvent>;

/// The type byte that starts `event` on the wire. Any thread.
MessageType type_of(const Event& event) noexcept;

/// Appends `event` (type byte, then its fields) to `writer`; throws std::length_error when
/// a string exceeds 65535 bytes or a list 65535 entries. Any thread.
void write(PacketWriter& writer, const Event& event);

/// Encodes `event` as one frame of `codec`, ready to be sent to any number of sessions;
/// throws std::length_error when it does not fit. Any thread.
Frame encode(const Event& event, const Codec& codec = LengthPrefixCodec{});

/// Parses one payload into `out`. Returns `none`, `malformed` or `unknown_type`; `out` is
/// unspecified after an error. Bounds-checked; any thread.
ErrorCode parse(ConstBytes payload, Event& out);

}  // namespace proactor::chat
