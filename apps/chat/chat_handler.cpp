#include "chat/chat_handler.hpp"

#include <any>
#include <stdexcept>
#include <string>
#include <utility>

namespace proactor::chat {
namespace {

constexpr std::string_view kGreeting =
    "Welcome to proactor chat. Pick a nickname, then join a room; list the rooms to find one.";

std::string quoted(std::string_view text)
{
  return "'" + std::string(text) + "'";
}

}  // namespace

ChatHandler::ChatHandler(ChatLimits limits, std::shared_ptr<const ChatWire> wire)
    : wire_(std::move(wire)), rooms_(limits)
{}

void ChatHandler::on_open(const SessionPtr& session)
{
  session->context() = Peer{std::make_shared<ChatMember>(session), false};
}

void ChatHandler::on_frame(const SessionPtr& session, ConstBytes payload)
{
  Peer* peer = std::any_cast<Peer>(&session->context());
  if (!peer) return;  // on_open always runs first

  MessageType type{};
  Request request;
  if (const ErrorCode error = wire_->parse(payload, request, type); error != ErrorCode::none)
    return fail(session, error, type);
  const bool needs_hello = !std::holds_alternative<HelloRequest>(request) &&
                           !std::holds_alternative<PingRequest>(request);
  if (!peer->greeted && needs_hello) return fail(session, ErrorCode::hello_required, type);

  try {
    std::visit([&](const auto& r) { handle(session, *peer, r); }, request);
  } catch (const std::length_error&) {
    // Only a list can outgrow a frame, and only when --max-frame is set very low.
    fail(session, ErrorCode::reply_too_large, type);
  }
}

void ChatHandler::on_writable(const SessionPtr& session)
{
  if (const Peer* peer = std::any_cast<Peer>(&session->context())) peer->member->drained();
}

void ChatHandler::on_close(const SessionPtr& session, CloseReason /*reason*/,
                           boost::system::error_code /*ec*/)
{
  const Peer* peer = std::any_cast<Peer>(&session->context());
  if (!peer) return;
  const ChatRooms::Departure departure = rooms_.remove(peer->member);
  if (departure.audience)
    fan_out(departure.audience,
            wire_->encode(LeftEvent{departure.room, departure.nick}, session->codec()), nullptr);
  session->context().reset();
}

void ChatHandler::handle(const SessionPtr& session, Peer& peer, const HelloRequest& request)
{
  if (request.version != kProtocolVersion)
    return fail(session, ErrorCode::unsupported_version, MessageType::hello,
                "this server speaks version " + std::to_string(kProtocolVersion));
  peer.greeted = true;
  reply(session, WelcomeEvent{kProtocolVersion, std::string(kGreeting)});
}

void ChatHandler::handle(const SessionPtr& session, Peer& peer, const NickRequest& request)
{
  if (!is_valid_name(request.nick))
    return fail(session, ErrorCode::invalid_nick, MessageType::set_nick, quoted(request.nick));
  const ChatRooms::NickChange change = rooms_.set_nick(peer.member, request.nick);
  if (change.error != ErrorCode::none)
    return fail(session, change.error, MessageType::set_nick, quoted(request.nick));
  const Frame frame = wire_->encode(NickEvent{change.old_nick, request.nick}, session->codec());
  if (change.audience) fan_out(change.audience, frame, peer.member.get());
  session->send(frame);
}

void ChatHandler::handle(const SessionPtr& session, Peer& peer, const JoinRequest& request)
{
  if (!is_valid_name(request.room))
    return fail(session, ErrorCode::invalid_room, MessageType::join, quoted(request.room));
  const ChatRooms::Move move = rooms_.join(peer.member, request.room);
  if (move.error != ErrorCode::none)
    return fail(session, move.error, MessageType::join, quoted(request.room));
  if (move.already_there) return reply(session, JoinedEvent{move.room, move.nick});
  if (move.left_audience) {
    const Frame left = wire_->encode(LeftEvent{move.left_room, move.nick}, session->codec());
    fan_out(move.left_audience, left, nullptr);
    session->send(left);
  }
  const Frame joined = wire_->encode(JoinedEvent{move.room, move.nick}, session->codec());
  fan_out(move.audience, joined, peer.member.get());
  session->send(joined);
}

void ChatHandler::handle(const SessionPtr& session, Peer& peer, const LeaveRequest& /*request*/)
{
  const ChatRooms::Departure departure = rooms_.leave(peer.member);
  if (departure.error != ErrorCode::none) return fail(session, departure.error, MessageType::leave);
  const Frame left = wire_->encode(LeftEvent{departure.room, departure.nick}, session->codec());
  fan_out(departure.audience, left, nullptr);
  session->send(left);
}

void ChatHandler::handle(const SessionPtr& session, Peer& peer, const SayRequest& request)
{
  if (const ErrorCode error = check_text(request.text, rooms_.limits().max_message);
      error != ErrorCode::none)
    return fail(session, error, MessageType::say);
  const ChatRooms::Speaker speaker = rooms_.speaker(peer.member);
  if (speaker.error != ErrorCode::none) return fail(session, speaker.error, MessageType::say);
  // Encoded once; every member's queue shares these bytes.
  const Frame frame =
      wire_->encode(MessageEvent{speaker.room, speaker.nick, request.text}, session->codec());
  fan_out(speaker.audience, frame, peer.member.get());
  session->send(frame);
}

void ChatHandler::handle(const SessionPtr& session, Peer& peer, const PrivateRequest& request)
{
  if (const ErrorCode error = check_text(request.text, rooms_.limits().max_message);
      error != ErrorCode::none)
    return fail(session, error, MessageType::private_message);
  if (!is_valid_name(request.to))
    return fail(session, ErrorCode::no_such_user, MessageType::private_message, quoted(request.to));
  const ChatRooms::Recipient recipient = rooms_.find(peer.member, request.to);
  if (recipient.error != ErrorCode::none)
    return fail(session, recipient.error, MessageType::private_message, quoted(request.to));
  const Frame frame =
      wire_->encode(PrivateEvent{recipient.from, recipient.to, request.text}, session->codec());
  if (recipient.member != peer.member) deliver(*recipient.member, frame);
  session->send(frame);
}

void ChatHandler::handle(const SessionPtr& session, Peer& /*peer*/, const RoomsRequest& /*request*/)
{
  reply(session, RoomsEvent{rooms_.rooms()});
}

void ChatHandler::handle(const SessionPtr& session, Peer& peer, const UsersRequest& request)
{
  if (!request.room.empty() && !is_valid_name(request.room))
    return fail(session, ErrorCode::invalid_room, MessageType::list_users, quoted(request.room));
  ChatRooms::Roster roster = rooms_.users(peer.member, request.room);
  if (roster.error != ErrorCode::none)
    return fail(session, roster.error, MessageType::list_users, quoted(request.room));
  reply(session, UsersEvent{std::move(roster.room), std::move(roster.nicks)});
}

void ChatHandler::handle(const SessionPtr& session, Peer& /*peer*/, const PingRequest& request)
{
  reply(session, PongEvent{request.token});
}

void ChatHandler::reply(const SessionPtr& session, const Event& event) const
{
  session->send(wire_->encode(event, session->codec()));
}

void ChatHandler::fail(const SessionPtr& session, ErrorCode code, MessageType request,
                       std::string_view detail) const
{
  std::string text(describe(code));
  if (!detail.empty()) text.append(": ").append(detail);
  reply(session, ErrorEvent{code, static_cast<std::uint8_t>(request), std::move(text)});
}

void ChatHandler::fan_out(const Audience& audience, const Frame& frame, const ChatMember* skip)
{
  for (const MemberPtr& member : *audience)
    if (member.get() != skip) deliver(*member, frame);
}

void ChatHandler::deliver(ChatMember& member, const Frame& frame)
{
  const SessionPtr session = member.session();
  if (!session) return;
  if (session->writable()) return session->send(frame);
  // Queueing more for a peer that does not read would only grow memory; the framework's
  // overflow_timeout disconnects it if it stays this way.
  dropped_.fetch_add(1, std::memory_order_relaxed);
  if (member.count_drop())
    reply(session,
          ErrorEvent{ErrorCode::slow_consumer, 0, std::string(describe(ErrorCode::slow_consumer))});
}

}  // namespace proactor::chat
