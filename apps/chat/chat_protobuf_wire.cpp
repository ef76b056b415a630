#include "chat/chat_protobuf_wire.hpp"

#include "chat.pb.h"
#include <proactor/codecs/protobuf_codec.hpp>

#include <cstdint>
#include <limits>
#include <optional>
#include <utility>

namespace proactor::chat {
namespace {

// ---- requests ----

void fill(v1::ClientMessage& m, const HelloRequest& r)
{
  m.mutable_hello()->set_version(r.version);
}
void fill(v1::ClientMessage& m, const NickRequest& r)
{
  m.mutable_set_nick()->set_nick(r.nick);
}
void fill(v1::ClientMessage& m, const JoinRequest& r)
{
  m.mutable_join()->set_room(r.room);
}
void fill(v1::ClientMessage& m, const LeaveRequest&)
{
  m.mutable_leave();
}
void fill(v1::ClientMessage& m, const SayRequest& r)
{
  m.mutable_say()->set_text(r.text);
}
void fill(v1::ClientMessage& m, const PrivateRequest& r)
{
  m.mutable_private_message()->set_to(r.to);
  m.mutable_private_message()->set_text(r.text);
}
void fill(v1::ClientMessage& m, const RoomsRequest&)
{
  m.mutable_list_rooms();
}
void fill(v1::ClientMessage& m, const UsersRequest& r)
{
  m.mutable_list_users()->set_room(r.room);
}
void fill(v1::ClientMessage& m, const PingRequest& r)
{
  m.mutable_ping()->set_token(r.token);
}

// A field wider on this wire than in the binary protocol: a value past the narrow range
// is malformed rather than silently cut.
template <class Narrow>
std::optional<Narrow> narrow(std::uint32_t value)
{
  if (value > std::numeric_limits<Narrow>::max()) return std::nullopt;
  return static_cast<Narrow>(value);
}

// The oneof field numbers are the request type bytes (docs/protocol/chat.proto).
std::optional<Request> to_request(v1::ClientMessage& m)
{
  using M = v1::ClientMessage;
  switch (m.body_case()) {
    case M::kHello:
      if (const auto version = narrow<std::uint16_t>(m.hello().version()))
        return HelloRequest{*version};
      return std::nullopt;
    case M::kSetNick:
      return NickRequest{std::move(*m.mutable_set_nick()->mutable_nick())};
    case M::kJoin:
      return JoinRequest{std::move(*m.mutable_join()->mutable_room())};
    case M::kLeave:
      return LeaveRequest{};
    case M::kSay:
      return SayRequest{std::move(*m.mutable_say()->mutable_text())};
    case M::kPrivateMessage:
      return PrivateRequest{std::move(*m.mutable_private_message()->mutable_to()),
                            std::move(*m.mutable_private_message()->mutable_text())};
    case M::kListRooms:
      return RoomsRequest{};
    case M::kListUsers:
      return UsersRequest{std::move(*m.mutable_list_users()->mutable_room())};
    case M::kPing:
      return PingRequest{m.ping().token()};
    case M::BODY_NOT_SET:
      break;
  }
  return std::nullopt;
}

// ---- events ----

void fill(v1::ServerMessage& m, const WelcomeEvent& e)
{
  auto& out = *m.mutable_welcome();
  out.set_version(e.version);
  out.set_text(e.text);
}
void fill(v1::ServerMessage& m, const NickEvent& e)
{
  auto& out = *m.mutable_nick_changed();
  out.set_old_nick(e.old_nick);
  out.set_new_nick(e.new_nick);
}
void fill(v1::ServerMessage& m, const JoinedEvent& e)
{
  auto& out = *m.mutable_joined();
  out.set_room(e.room);
  out.set_nick(e.nick);
}
void fill(v1::ServerMessage& m, const LeftEvent& e)
{
  auto& out = *m.mutable_left();
  out.set_room(e.room);
  out.set_nick(e.nick);
}
void fill(v1::ServerMessage& m, const MessageEvent& e)
{
  auto& out = *m.mutable_message();
  out.set_room(e.room);
  out.set_nick(e.nick);
  out.set_text(e.text);
}
void fill(v1::ServerMessage& m, const PrivateEvent& e)
{
  auto& out = *m.mutable_private_delivered();
  out.set_from(e.from);
  out.set_to(e.to);
  out.set_text(e.text);
}
void fill(v1::ServerMessage& m, const RoomsEvent& e)
{
  auto& out = *m.mutable_room_list();
  for (const RoomInfo& room : e.rooms) {
    auto& info = *out.add_rooms();
    info.set_name(room.name);
    info.set_members(room.members);
  }
}
void fill(v1::ServerMessage& m, const UsersEvent& e)
{
  auto& out = *m.mutable_user_list();
  out.set_room(e.room);
  for (const std::string& nick : e.nicks) out.add_nicks(nick);
}
void fill(v1::ServerMessage& m, const PongEvent& e)
{
  m.mutable_pong()->set_token(e.token);
}
void fill(v1::ServerMessage& m, const ErrorEvent& e)
{
  auto& out = *m.mutable_error();
  out.set_code(static_cast<std::uint32_t>(e.code));
  out.set_request(e.request);
  out.set_text(e.text);
}

std::optional<RoomsEvent> to_rooms(v1::RoomList& list)
{
  RoomsEvent event;
  event.rooms.reserve(static_cast<std::size_t>(list.rooms_size()));
  for (v1::RoomInfo& info : *list.mutable_rooms()) {
    const auto members = narrow<std::uint16_t>(info.members());
    if (!members) return std::nullopt;
    event.rooms.push_back(RoomInfo{std::move(*info.mutable_name()), *members});
  }
  return event;
}

std::optional<Event> to_event(v1::ServerMessage& m)
{
  using M = v1::ServerMessage;
  switch (m.body_case()) {
    case M::kWelcome:
      if (const auto version = narrow<std::uint16_t>(m.welcome().version()))
        return WelcomeEvent{*version, std::move(*m.mutable_welcome()->mutable_text())};
      return std::nullopt;
    case M::kNickChanged: {
      auto& e = *m.mutable_nick_changed();
      return NickEvent{std::move(*e.mutable_old_nick()), std::move(*e.mutable_new_nick())};
    }
    case M::kJoined: {
      auto& e = *m.mutable_joined();
      return JoinedEvent{std::move(*e.mutable_room()), std::move(*e.mutable_nick())};
    }
    case M::kLeft: {
      auto& e = *m.mutable_left();
      return LeftEvent{std::move(*e.mutable_room()), std::move(*e.mutable_nick())};
    }
    case M::kMessage: {
      auto& e = *m.mutable_message();
      return MessageEvent{std::move(*e.mutable_room()), std::move(*e.mutable_nick()),
                          std::move(*e.mutable_text())};
    }
    case M::kPrivateDelivered: {
      auto& e = *m.mutable_private_delivered();
      return PrivateEvent{std::move(*e.mutable_from()), std::move(*e.mutable_to()),
                          std::move(*e.mutable_text())};
    }
    case M::kRoomList:
      if (auto rooms = to_rooms(*m.mutable_room_list())) return std::move(*rooms);
      return std::nullopt;
    case M::kUserList: {
      auto& e = *m.mutable_user_list();
      UsersEvent event{std::move(*e.mutable_room()), {}};
      event.nicks.reserve(static_cast<std::size_t>(e.nicks_size()));
      for (std::string& nick : *e.mutable_nicks()) event.nicks.push_back(std::move(nick));
      return event;
    }
    case M::kPong:
      return PongEvent{m.pong().token()};
    case M::kError: {
      auto& e = *m.mutable_error();
      const auto code = narrow<std::uint16_t>(e.code());
      const auto request = narrow<std::uint8_t>(e.request());
      if (!code || !request) return std::nullopt;
      return ErrorEvent{static_cast<ErrorCode>(*code), *request, std::move(*e.mutable_text())};
    }
    case M::BODY_NOT_SET:
      break;
  }
  return std::nullopt;
}

// A set case that did not convert had a value out of range; no case is a type we do not know
// (or an empty payload).
template <class Envelope>
ErrorCode failure(const Envelope& m) noexcept
{
  return m.body_case() == Envelope::BODY_NOT_SET ? ErrorCode::unknown_type : ErrorCode::malformed;
}

}  // namespace

ErrorCode ProtobufChatWire::parse(ConstBytes payload, Request& out, MessageType& type) const
{
  v1::ClientMessage message;
  if (parse_message(payload, message)) return ErrorCode::malformed;
  type = static_cast<MessageType>(message.body_case());
  std::optional<Request> request = to_request(message);
  if (!request) return failure(message);
  out = std::move(*request);
  return ErrorCode::none;
}

ErrorCode ProtobufChatWire::parse(ConstBytes payload, Event& out) const
{
  v1::ServerMessage message;
  if (parse_message(payload, message)) return ErrorCode::malformed;
  std::optional<Event> event = to_event(message);
  if (!event) return failure(message);
  out = std::move(*event);
  return ErrorCode::none;
}

Buffer ProtobufChatWire::write(const Event& event) const
{
  v1::ServerMessage message;
  std::visit([&message](const auto& e) { fill(message, e); }, event);
  return serialize_message(message);
}

Buffer ProtobufChatWire::write(const Request& request) const
{
  v1::ClientMessage message;
  std::visit([&message](const auto& r) { fill(message, r); }, request);
  return serialize_message(message);
}

}  // namespace proactor::chat
