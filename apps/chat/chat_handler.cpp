#include "chat/chat_handler.hpp"

#include "chat/chat_local_backplane.hpp"

#include <algorithm>
#include <any>
#include <chrono>
#include <map>
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

LocalBackplane& local_backplane()
{
  static LocalBackplane backplane;
  return backplane;
}

// Most requests a session may send while its nickname claim is out; a client that pipelines
// more than this is not waiting for answers and is disconnected rather than buffered.
constexpr std::size_t kMaxHeldRequests = 256;

std::vector<std::string> sorted_nicks(std::vector<std::string> nicks)
{
  std::sort(nicks.begin(), nicks.end(),
            [](const std::string& a, const std::string& b) { return fold_name(a) < fold_name(b); });
  return nicks;
}

}  // namespace

ChatHandler::ChatHandler(ChatLimits limits, std::shared_ptr<const ChatWire> wire)
    : wire_(std::move(wire)), rooms_(limits), backplane_(&local_backplane())
{}

void ChatHandler::on_open(const SessionPtr& session)
{
  auto peer = std::make_shared<PeerState>();
  peer->member = std::make_shared<ChatMember>(session);
  peer->rate = RateLimit(rooms_.limits().max_msgs_per_sec, rooms_.limits().burst);
  session->context() = std::move(peer);
}

void ChatHandler::on_frame(const SessionPtr& session, ConstBytes payload)
{
  const Peer* peer = std::any_cast<Peer>(&session->context());
  if (!peer) return;  // on_open always runs first
  {
    std::lock_guard lock((*peer)->mutex);
    if (!(*peer)->claiming) return process(session, *peer, payload);
    if ((*peer)->held.size() < kMaxHeldRequests) {
      (*peer)->held.emplace_back(as_string_view(payload));
      return;
    }
  }
  session->close();  // its on_close is posted, and takes the lock then
}

// Under the peer's mutex.
void ChatHandler::process(const SessionPtr& session, const Peer& peer, ConstBytes payload)
{
  MessageType type{};
  Request request;
  if (const ErrorCode error = wire_->parse(payload, request, type); error != ErrorCode::none)
    return fail(session, error, type);
  const bool needs_hello = !std::holds_alternative<HelloRequest>(request) &&
                           !std::holds_alternative<PingRequest>(request);
  if (!peer->greeted && needs_hello) return fail(session, ErrorCode::hello_required, type);

  try {
    std::visit([&](const auto& r) { handle(session, peer, r); }, request);
  } catch (const std::length_error&) {
    // Only a list can outgrow a frame, and only when --max-frame is set very low.
    fail(session, ErrorCode::reply_too_large, type);
  }
}

void ChatHandler::on_unwritable(const SessionPtr& session)
{
  const Peer* peer = std::any_cast<Peer>(&session->context());
  if (peer && (*peer)->member->warning_due(std::chrono::steady_clock::now()))
    fail(session, ErrorCode::slow_consumer, MessageType{});
}

void ChatHandler::on_writable(const SessionPtr& /*session*/)
{}

void ChatHandler::on_close(const SessionPtr& session, CloseReason /*reason*/,
                           boost::system::error_code /*ec*/)
{
  const Peer* found = std::any_cast<Peer>(&session->context());
  if (!found) return;
  const Peer peer = *found;
  ChatRooms::Departure departure;
  {
    // A claim answered later sees `closed` and gives the nickname back.
    std::lock_guard lock(peer->mutex);
    peer->closed = true;
    peer->held.clear();
    departure = rooms_.remove(peer->member);
  }
  if (departure.audience) {
    const LeftEvent left{departure.room, departure.nick};
    fan_out(departure.audience, wire_->encode(left, session->codec()), nullptr, session);
    backplane_->publish_room(departure.room, left);
  }
  if (!departure.nick.empty()) backplane_->release_nick(departure.nick);
  session->context().reset();
}

void ChatHandler::handle(const SessionPtr& session, const Peer& peer, const HelloRequest& request)
{
  if (request.version != kProtocolVersion)
    return fail(session, ErrorCode::unsupported_version, MessageType::hello,
                "this server speaks version " + std::to_string(kProtocolVersion));
  peer->greeted = true;
  std::string greeting(kGreeting);
  if (backplane_->clustered()) greeting += " This is server " + backplane_->node_id() + ".";
  reply(session, WelcomeEvent{kProtocolVersion, std::move(greeting)});
}

void ChatHandler::handle(const SessionPtr& session, const Peer& peer, const NickRequest& request)
{
  if (!is_valid_name(request.nick))
    return fail(session, ErrorCode::invalid_nick, MessageType::set_nick, quoted(request.nick));
  if (!backplane_->clustered()) return set_nick(session, peer, request.nick);
  // Taken here already: no need to ask the cluster.
  if (const MemberPtr holder = rooms_.member_named(request.nick); holder && holder != peer->member)
    return fail(session, ErrorCode::nick_taken, MessageType::set_nick, quoted(request.nick));
  // The answer is handled on the backplane's thread, whose sends are posted to the session;
  // with reading paused meanwhile, no later request can answer ahead of them.
  session->pause_reading();
  peer->claiming = true;
  backplane_->claim_nick(request.nick, [this, peer, nick = request.nick](bool granted) {
    on_claimed(peer, nick, granted);
  });
}

// The backplane's thread: the cluster answered a claim; then the requests held meanwhile.
void ChatHandler::on_claimed(const Peer& peer, const std::string& nick, bool granted)
{
  std::lock_guard lock(peer->mutex);
  peer->claiming = false;
  const SessionPtr session = peer->member->session();
  if (peer->closed || !session) {
    if (granted) backplane_->release_nick(nick);
    return;
  }
  if (granted)
    set_nick(session, peer, nick);
  else
    fail(session, ErrorCode::nick_taken, MessageType::set_nick, quoted(nick));
  while (!peer->claiming && !peer->held.empty()) {
    const std::string payload = std::move(peer->held.front());
    peer->held.pop_front();
    process(session, peer, as_bytes(payload));
  }
  // Posted after every reply above, so the next request is read after they are queued.
  if (!peer->claiming) session->resume_reading();
}

void ChatHandler::set_nick(const SessionPtr& session, const Peer& peer, const std::string& nick)
{
  const ChatRooms::NickChange change = rooms_.set_nick(peer->member, nick);
  // Taken meanwhile by a member of this server, whose claim is the key's: keep the key.
  if (change.error != ErrorCode::none)
    return fail(session, change.error, MessageType::set_nick, quoted(nick));
  const NickEvent event{change.old_nick, nick};
  const Frame frame = wire_->encode(event, session->codec());
  if (change.audience) fan_out(change.audience, frame, peer->member.get(), session);
  session->send(frame);
  backplane_->publish_room(change.room, event, session);
  if (!change.old_nick.empty() && fold_name(change.old_nick) != fold_name(nick))
    backplane_->release_nick(change.old_nick);
}

void ChatHandler::handle(const SessionPtr& session, const Peer& peer, const JoinRequest& request)
{
  if (!is_valid_name(request.room))
    return fail(session, ErrorCode::invalid_room, MessageType::join, quoted(request.room));
  const ChatRooms::Move move = rooms_.join(peer->member, request.room);
  if (move.error != ErrorCode::none)
    return fail(session, move.error, MessageType::join, quoted(request.room));
  if (move.already_there) return reply(session, JoinedEvent{move.room, move.nick});
  if (move.left_audience) {
    const LeftEvent left_event{move.left_room, move.nick};
    const Frame left = wire_->encode(left_event, session->codec());
    fan_out(move.left_audience, left, nullptr, session);
    session->send(left);
    backplane_->publish_room(move.left_room, left_event, session);
  }
  const JoinedEvent joined_event{move.room, move.nick};
  const Frame joined = wire_->encode(joined_event, session->codec());
  fan_out(move.audience, joined, peer->member.get(), session);
  session->send(joined);
  backplane_->publish_room(move.room, joined_event, session);
}

void ChatHandler::handle(const SessionPtr& session, const Peer& peer,
                         const LeaveRequest& /*request*/)
{
  const ChatRooms::Departure departure = rooms_.leave(peer->member);
  if (departure.error != ErrorCode::none) return fail(session, departure.error, MessageType::leave);
  const LeftEvent event{departure.room, departure.nick};
  const Frame left = wire_->encode(event, session->codec());
  fan_out(departure.audience, left, nullptr, session);
  session->send(left);
  backplane_->publish_room(departure.room, event, session);
}

void ChatHandler::handle(const SessionPtr& session, const Peer& peer, const SayRequest& request)
{
  if (const ErrorCode error = check_text(request.text, rooms_.limits().max_message);
      error != ErrorCode::none)
    return fail(session, error, MessageType::say);
  if (!within_rate(session, peer, MessageType::say)) return;
  const ChatRooms::Speaker speaker = rooms_.speaker(peer->member);
  if (speaker.error != ErrorCode::none) return fail(session, speaker.error, MessageType::say);
  // Encoded once; every member's queue shares these bytes. Other servers encode once each.
  const MessageEvent event{speaker.room, speaker.nick, request.text};
  const Frame frame = wire_->encode(event, session->codec());
  fan_out(speaker.audience, frame, peer->member.get(), session);
  session->send(frame);
  backplane_->publish_room(speaker.room, event, session);
}

void ChatHandler::handle(const SessionPtr& session, const Peer& peer, const PrivateRequest& request)
{
  if (const ErrorCode error = check_text(request.text, rooms_.limits().max_message);
      error != ErrorCode::none)
    return fail(session, error, MessageType::private_message);
  if (!is_valid_name(request.to))
    return fail(session, ErrorCode::no_such_user, MessageType::private_message, quoted(request.to));
  if (!within_rate(session, peer, MessageType::private_message)) return;
  const ChatRooms::Recipient recipient = rooms_.find(peer->member, request.to);
  if (recipient.error == ErrorCode::no_such_user && backplane_->clustered()) {
    // Not here: maybe on another server.
    if (const Presence remote = backplane_->find_remote(request.to); !remote.nick.empty()) {
      const PrivateEvent event{recipient.from, remote.nick, request.text};
      backplane_->publish_private(remote.nick, event, session);
      return session->send(wire_->encode(event, session->codec()));
    }
  }
  if (recipient.error != ErrorCode::none)
    return fail(session, recipient.error, MessageType::private_message, quoted(request.to));
  const Frame frame =
      wire_->encode(PrivateEvent{recipient.from, recipient.to, request.text}, session->codec());
  if (recipient.member != peer->member) deliver(*recipient.member, frame, session);
  session->send(frame);
}

void ChatHandler::handle(const SessionPtr& session, const Peer& /*peer*/,
                         const RoomsRequest& /*request*/)
{
  std::vector<RoomInfo> rooms = rooms_.rooms();
  if (backplane_->clustered()) {
    std::map<std::string, RoomInfo> merged;
    for (RoomInfo& room : rooms) merged.emplace(fold_name(room.name), std::move(room));
    for (RoomInfo& remote : backplane_->remote_rooms()) {
      RoomInfo& room =
          merged.try_emplace(fold_name(remote.name), RoomInfo{remote.name, 0}).first->second;
      room.members = static_cast<std::uint16_t>(
          std::min<unsigned>(UINT16_MAX, unsigned{room.members} + remote.members));
    }
    rooms.clear();
    for (auto& [key, room] : merged) rooms.push_back(std::move(room));
  }
  reply(session, RoomsEvent{std::move(rooms)});
}

void ChatHandler::handle(const SessionPtr& session, const Peer& peer, const UsersRequest& request)
{
  if (!request.room.empty() && !is_valid_name(request.room))
    return fail(session, ErrorCode::invalid_room, MessageType::list_users, quoted(request.room));
  ChatRooms::Roster roster = rooms_.users(peer->member, request.room);
  if (backplane_->clustered() && roster.error != ErrorCode::not_in_room) {
    std::vector<std::string> remote =
        backplane_->remote_users(roster.error == ErrorCode::none ? roster.room : request.room);
    if (roster.error == ErrorCode::no_such_room && !remote.empty()) {
      roster.error = ErrorCode::none;
      roster.room = request.room;
    }
    roster.nicks.insert(roster.nicks.end(), remote.begin(), remote.end());
    roster.nicks = sorted_nicks(std::move(roster.nicks));
  }
  if (roster.error != ErrorCode::none)
    return fail(session, roster.error, MessageType::list_users, quoted(request.room));
  reply(session, UsersEvent{std::move(roster.room), std::move(roster.nicks)});
}

void ChatHandler::handle(const SessionPtr& session, const Peer& /*peer*/,
                         const PingRequest& request)
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

// Under the peer's mutex.
bool ChatHandler::within_rate(const SessionPtr& session, const Peer& peer,
                              MessageType request) const
{
  if (peer->rate.try_take(std::chrono::steady_clock::now())) return true;
  fail(session, ErrorCode::rate_limited, request);
  return false;
}

void ChatHandler::fan_out(const Audience& audience, const Frame& frame, const ChatMember* skip,
                          const SessionPtr& from)
{
  for (const MemberPtr& member : *audience)
    if (member.get() != skip) {
      if (from)
        deliver(*member, frame, from);
      else
        deliver_remote(*member, frame);
    }
}

void ChatHandler::deliver(ChatMember& member, const Frame& frame, const SessionPtr& from)
{
  // Always queued: a recipient above its high watermark holds `from` until it drains.
  if (const SessionPtr session = member.session()) session->send(frame, from);
}

void ChatHandler::deliver_remote(ChatMember& member, const Frame& frame)
{
  const SessionPtr session = member.session();
  if (!session) return;
  if (session->writable()) return session->send(frame);
  // Another server's event has no producer here to slow down; queueing more for a peer
  // that does not keep up would only grow memory.
  dropped_.fetch_add(1, std::memory_order_relaxed);
  member.count_drop();
  if (member.warning_due(std::chrono::steady_clock::now()))
    fail(session, ErrorCode::slow_consumer, MessageType{});
}

}  // namespace proactor::chat

namespace proactor::chat {

void ChatHandler::on_remote_room_event(const std::string& room, const Event& event)
{
  if (room.empty()) return;  // a rename outside any room: nobody here to tell
  const Audience audience = rooms_.audience(room);
  if (!audience) return;
  // Encoded once for this server; the framing is the same for every session of a server.
  for (const MemberPtr& member : *audience)
    if (const SessionPtr session = member->session()) {
      return fan_out(audience, wire_->encode(event, session->codec()), nullptr, nullptr);
    }
}

void ChatHandler::on_remote_private(const std::string& to, const PrivateEvent& event)
{
  const MemberPtr member = rooms_.member_named(to);
  if (!member) return;
  if (const SessionPtr session = member->session())
    deliver_remote(*member, wire_->encode(event, session->codec()));
}

void ChatHandler::on_backplane_state(bool connected)
{
  const ErrorCode code = connected ? ErrorCode::recovered : ErrorCode::degraded;
  for (const MemberPtr& member : rooms_.room_members())
    if (const SessionPtr session = member->session())
      reply(session, ErrorEvent{code, 0, std::string(describe(code))});
}

std::vector<Presence> ChatHandler::local_presence()
{
  return rooms_.presence();
}

void ChatHandler::on_not_published(const SessionPtr& from)
{
  fail(from, ErrorCode::not_delivered, MessageType{});
}

}  // namespace proactor::chat
