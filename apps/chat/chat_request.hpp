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

namespace proactor::chat {

/// `hello`: opens the conversation; the server answers with `welcome`.
struct HelloRequest
{
  std::uint16_t version = kProtocolVersion;  ///< the version the client speaks
  bool operator==(const HelloRequest&) const = default;
};

/// `set_nick`: chooses (or changes) the session's nickname.
struct NickRequest
{
  std::string nick;  ///< the nickname wanted
  bool operator==(const NickRequest&) const = default;
};

/// `join`: enters a room (leaving the current one first); creates it if it does not exist.
struct JoinRequest
{
  std::string room;  ///< the room to enter
  bool operator==(const JoinRequest&) const = default;
};

/// `leave`: leaves the current room.
struct LeaveRequest
{
  bool operator==(const LeaveRequest&) const = default;
};

/// `say`: sends `text` to every member of the current room, the sender included.
struct SayRequest
{
  std::string text;  ///< what to say
  bool operator==(const SayRequest&) const = default;
};

/// `private_message`: sends `text` to the session called `to` alone.
struct PrivateRequest
{
  std::string to;    ///< the recipient's nickname
  std::string text;  ///< what to say
  bool operator==(const PrivateRequest&) const = default;
};

/// `list_rooms`: asks for every room and its member count.
struct RoomsRequest
{
  bool operator==(const RoomsRequest&) const = default;
};

/// `list_users`: asks for the members of `room` (empty: the current room).
struct UsersRequest
{
  std::string room;  ///< the room to list; empty for the current one
  bool operator==(const UsersRequest&) const = default;
};

/// `ping`: the server answers `pong` with the same token, after every earlier reply.
struct PingRequest
{
  std::uint32_t token = 0;  ///< echoed in the pong
  bool operator==(const PingRequest&) const = default;
};

/// Any message a client sends.
using Request = std::variant<HelloRequest, NickRequest, JoinRequest, LeaveRequest, SayRequest,
                             PrivateRequest, RoomsRequest, UsersRequest, PingRequest>;

/// The type byte that starts `request` on the wire. Any thread.
MessageType type_of(const Request& request) noexcept;

/// Appends `request` (type byte, then its fields) to `writer`; throws std::length_error
/// when a string exceeds 65535 bytes. Any thread.
void write(PacketWriter& writer, const Request& request);

/// Encodes `request` as one frame of `codec`; throws std::length_error when it does not
/// fit. Any thread.
Frame encode(const Request& request, const Codec& codec = LengthPrefixCodec{});

/// Parses one payload into `out`. Returns `none`, or `malformed` (short, trailing bytes,
/// empty) or `unknown_type`; `out` is unspecified after an error. Bounds-checked; any thread.
ErrorCode parse(ConstBytes payload, Request& out);

}  // namespace proactor::chat
