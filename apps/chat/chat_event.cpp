#include "chat/chat_event.hpp"

#include <proactor/net/packet_reader.hpp>

#include <limits>
#include <stdexcept>
#include <utility>

namespace proactor::chat {
namespace {

std::uint16_t list_size(std::size_t size)
{
  if (size > std::numeric_limits<std::uint16_t>::max())
    throw std::length_error("a chat list holds at most 65535 entries");
  return static_cast<std::uint16_t>(size);
}

void write_fields(PacketWriter& w, const WelcomeEvent& e)
{
  w.put_u16(e.version).put_string(e.text);
}
void write_fields(PacketWriter& w, const NickEvent& e)
{
  w.put_string(e.old_nick).put_string(e.new_nick);
}
void write_fields(PacketWriter& w, const JoinedEvent& e)
{
  w.put_string(e.room).put_string(e.nick);
}
void write_fields(PacketWriter& w, const LeftEvent& e)
{
  w.put_string(e.room).put_string(e.nick);
}
void write_fields(PacketWriter& w, const MessageEvent& e)
{
  w.put_string(e.room).put_string(e.nick).put_string(e.text);
}
void write_fields(PacketWriter& w, const PrivateEvent& e)
{
  w.put_string(e.from).put_string(e.to).put_string(e.text);
}
void write_fields(PacketWriter& w, const RoomsEvent& e)
{
  w.put_u16(list_size(e.rooms.size()));
  for (const RoomInfo& room : e.rooms) w.put_string(room.name).put_u16(room.members);
}
void write_fields(PacketWriter& w, const UsersEvent& e)
{
  w.put_string(e.room).put_u16(list_size(e.nicks.size()));
  for (const std::string& nick : e.nicks) w.put_string(nick);
}
void write_fields(PacketWriter& w, const PongEvent& e)
{
  w.put_u32(e.token);
}
void write_fields(PacketWriter& w, const ErrorEvent& e)
{
  w.put_u16(static_cast<std::uint16_t>(e.code)).put_u8(e.request).put_string(e.text);
}

void read_fields(PacketReader& r, WelcomeEvent& out)
{
  r.get_u16(out.version).get_string(out.text);
}
void read_fields(PacketReader& r, NickEvent& out)
{
  r.get_string(out.old_nick).get_string(out.new_nick);
}
void read_fields(PacketReader& r, JoinedEvent& out)
{
  r.get_string(out.room).get_string(out.nick);
}
void read_fields(PacketReader& r, LeftEvent& out)
{
  r.get_string(out.room).get_string(out.nick);
}
void read_fields(PacketReader& r, MessageEvent& out)
{
  r.get_string(out.room).get_string(out.nick).get_string(out.text);
}
void read_fields(PacketReader& r, PrivateEvent& out)
{
  r.get_string(out.from).get_string(out.to).get_string(out.text);
}
// A count is only a claim: entries are read until it is met or the payload runs out, so a
// huge count in a short payload costs nothing.
void read_fields(PacketReader& r, RoomsEvent& out)
{
  std::uint16_t count = 0;
  r.get_u16(count);
  for (std::uint16_t i = 0; i < count && r; ++i) {
    RoomInfo room;
    r.get_string(room.name).get_u16(room.members);
    out.rooms.push_back(std::move(room));
  }
}
void read_fields(PacketReader& r, UsersEvent& out)
{
  std::uint16_t count = 0;
  r.get_string(out.room).get_u16(count);
  for (std::uint16_t i = 0; i < count && r; ++i) r.get_string(out.nicks.emplace_back());
}
void read_fields(PacketReader& r, PongEvent& out)
{
  r.get_u32(out.token);
}
void read_fields(PacketReader& r, ErrorEvent& out)
{
  std::uint16_t code = 0;
  r.get_u16(code).get_u8(out.request).get_string(out.text);
  out.code = static_cast<ErrorCode>(code);
}

template <class T>
ErrorCode read_as(PacketReader& reader, Event& out)
{
  T event;
  read_fields(reader, event);
  if (!reader.expect_end()) return ErrorCode::malformed;
  out = std::move(event);
  return ErrorCode::none;
}

}  // namespace

MessageType type_of(const Event& event) noexcept
{
  constexpr MessageType kTypes[] = {
      MessageType::welcome,   MessageType::nick_changed, MessageType::joined,
      MessageType::left,      MessageType::message,      MessageType::private_delivered,
      MessageType::room_list, MessageType::user_list,    MessageType::pong,
      MessageType::error,
  };
  static_assert(std::size(kTypes) == std::variant_size_v<Event>);
  return kTypes[event.index()];
}

void write(PacketWriter& writer, const Event& event)
{
  writer.put_u8(static_cast<std::uint8_t>(type_of(event)));
  std::visit([&writer](const auto& e) { write_fields(writer, e); }, event);
}

Frame encode(const Event& event, const Codec& codec)
{
  PacketWriter writer;
  write(writer, event);
  return std::move(writer).to_frame(codec);
}

ErrorCode parse(ConstBytes payload, Event& out)
{
  PacketReader reader(payload);
  std::uint8_t type = 0;
  if (!reader.get_u8(type)) return ErrorCode::malformed;
  switch (static_cast<MessageType>(type)) {
    case MessageType::welcome:
      return read_as<WelcomeEvent>(reader, out);
    case MessageType::nick_changed:
      return read_as<NickEvent>(reader, out);
    case MessageType::joined:
      return read_as<JoinedEvent>(reader, out);
    case MessageType::left:
      return read_as<LeftEvent>(reader, out);
    case MessageType::message:
      return read_as<MessageEvent>(reader, out);
    case MessageType::private_delivered:
      return read_as<PrivateEvent>(reader, out);
    case MessageType::room_list:
      return read_as<RoomsEvent>(reader, out);
    case MessageType::user_list:
      return read_as<UsersEvent>(reader, out);
    case MessageType::pong:
      return read_as<PongEvent>(reader, out);
    case MessageType::error:
      return read_as<ErrorEvent>(reader, out);
    default:
      return ErrorCode::unknown_type;
  }
}

}  // namespace proactor::chat
