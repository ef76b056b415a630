#include "chat/chat_request.hpp"

#include <proactor/net/packet_reader.hpp>

#include <utility>

namespace proactor::chat {
namespace {

void write_fields(PacketWriter& w, const HelloRequest& r)
{
  w.put_u16(r.version);
}
void write_fields(PacketWriter& w, const NickRequest& r)
{
  w.put_string(r.nick);
}
void write_fields(PacketWriter& w, const JoinRequest& r)
{
  w.put_string(r.room);
}
void write_fields(PacketWriter&, const LeaveRequest&)
{}
void write_fields(PacketWriter& w, const SayRequest& r)
{
  w.put_string(r.text);
}
void write_fields(PacketWriter& w, const PrivateRequest& r)
{
  w.put_string(r.to).put_string(r.text);
}
void write_fields(PacketWriter&, const RoomsRequest&)
{}
void write_fields(PacketWriter& w, const UsersRequest& r)
{
  w.put_string(r.room);
}
void write_fields(PacketWriter& w, const PingRequest& r)
{
  w.put_u32(r.token);
}

void read_fields(PacketReader& r, HelloRequest& out)
{
  r.get_u16(out.version);
}
void read_fields(PacketReader& r, NickRequest& out)
{
  r.get_string(out.nick);
}
void read_fields(PacketReader& r, JoinRequest& out)
{
  r.get_string(out.room);
}
void read_fields(PacketReader&, LeaveRequest&)
{}
void read_fields(PacketReader& r, SayRequest& out)
{
  r.get_string(out.text);
}
void read_fields(PacketReader& r, PrivateRequest& out)
{
  r.get_string(out.to).get_string(out.text);
}
void read_fields(PacketReader&, RoomsRequest&)
{}
void read_fields(PacketReader& r, UsersRequest& out)
{
  r.get_string(out.room);
}
void read_fields(PacketReader& r, PingRequest& out)
{
  r.get_u32(out.token);
}

template <class T>
ErrorCode read_as(PacketReader& reader, Request& out)
{
  T request;
  read_fields(reader, request);
  if (!reader.expect_end()) return ErrorCode::malformed;
  out = std::move(request);
  return ErrorCode::none;
}

}  // namespace

MessageType type_of(const Request& request) noexcept
{
  constexpr MessageType kTypes[] = {
      MessageType::hello,      MessageType::set_nick,   MessageType::join,
      MessageType::leave,      MessageType::say,        MessageType::private_message,
      MessageType::list_rooms, MessageType::list_users, MessageType::ping,
  };
  static_assert(std::size(kTypes) == std::variant_size_v<Request>);
  return kTypes[request.index()];
}

void write(PacketWriter& writer, const Request& request)
{
  writer.put_u8(static_cast<std::uint8_t>(type_of(request)));
  std::visit([&writer](const auto& r) { write_fields(writer, r); }, request);
}

Frame encode(const Request& request, const Codec& codec)
{
  PacketWriter writer;
  write(writer, request);
  return std::move(writer).to_frame(codec);
}

ErrorCode parse(ConstBytes payload, Request& out)
{
  PacketReader reader(payload);
  std::uint8_t type = 0;
  if (!reader.get_u8(type)) return ErrorCode::malformed;
  switch (static_cast<MessageType>(type)) {
    case MessageType::hello:
      return read_as<HelloRequest>(reader, out);
    case MessageType::set_nick:
      return read_as<NickRequest>(reader, out);
    case MessageType::join:
      return read_as<JoinRequest>(reader, out);
    case MessageType::leave:
      return read_as<LeaveRequest>(reader, out);
    case MessageType::say:
      return read_as<SayRequest>(reader, out);
    case MessageType::private_message:
      return read_as<PrivateRequest>(reader, out);
    case MessageType::list_rooms:
      return read_as<RoomsRequest>(reader, out);
    case MessageType::list_users:
      return read_as<UsersRequest>(reader, out);
    case MessageType::ping:
      return read_as<PingRequest>(reader, out);
    default:
      return ErrorCode::unknown_type;
  }
}

}  // namespace proactor::chat
