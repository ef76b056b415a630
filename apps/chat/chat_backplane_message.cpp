#include "chat/chat_backplane_message.hpp"

#include <proactor/net/bytes.hpp>
#include <proactor/net/packet_reader.hpp>
#include <proactor/net/packet_writer.hpp>

#include <limits>

namespace proactor::chat {
namespace {

using Kind = BackplaneMessage::Kind;

bool carries_event(Kind kind) noexcept
{
  return kind == Kind::room_event || kind == Kind::private_message;
}

}  // namespace

std::string encode(const BackplaneMessage& message)
{
  PacketWriter writer;
  writer.put_u8(static_cast<std::uint8_t>(message.kind)).put_string(message.node);
  if (carries_event(message.kind)) {
    writer.put_string(message.target);
    write(writer, message.event);  // last: the event runs to the end of the payload
  } else if (message.kind == Kind::presence) {
    if (message.members.size() > std::numeric_limits<std::uint32_t>::max())
      throw std::length_error("too many members for one presence message");
    writer.put_u32(static_cast<std::uint32_t>(message.members.size()));
    for (const Presence& member : message.members)
      writer.put_string(member.nick).put_string(member.room);
  }
  return std::string(as_string_view(writer.bytes()));
}

bool decode(std::string_view bytes, BackplaneMessage& out)
{
  PacketReader reader(as_bytes(bytes));
  std::uint8_t kind = 0;
  if (!reader.get_u8(kind).get_string(out.node)) return false;
  out.kind = static_cast<Kind>(kind);
  out.members.clear();
  switch (out.kind) {
    case Kind::room_event:
    case Kind::private_message: {
      if (!reader.get_string(out.target)) return false;
      ConstBytes rest;
      if (!reader.get_bytes(reader.remaining(), rest)) return false;
      if (parse(rest, out.event) != ErrorCode::none) return false;
      if (out.kind == Kind::private_message) return std::holds_alternative<PrivateEvent>(out.event);
      return std::holds_alternative<JoinedEvent>(out.event) ||
             std::holds_alternative<LeftEvent>(out.event) ||
             std::holds_alternative<NickEvent>(out.event) ||
             std::holds_alternative<MessageEvent>(out.event);
    }
    case Kind::presence: {
      std::uint32_t count = 0;
      if (!reader.get_u32(count)) return false;
      // Each entry takes at least 4 bytes: a count beyond that is a lie, not a reservation.
      if (count > reader.remaining() / 4) return false;
      out.members.resize(count);
      for (Presence& member : out.members)
        if (!reader.get_string(member.nick).get_string(member.room)) return false;
      return static_cast<bool>(reader.expect_end());
    }
    case Kind::sync:
    case Kind::bye:
      return static_cast<bool>(reader.expect_end());
  }
  return false;
}

}  // namespace proactor::chat
