#include "chat/chat_rooms.hpp"

#include <algorithm>
#include <utility>

namespace proactor::chat {
namespace {

// Copy on write: a fan-out in progress keeps the old list.
Audience with(const Audience& members, const MemberPtr& added)
{
  auto next = std::make_shared<std::vector<MemberPtr>>(*members);
  next->push_back(added);
  return next;
}

Audience without(const Audience& members, const ChatMember* removed)
{
  auto next = std::make_shared<std::vector<MemberPtr>>();
  next->reserve(members->size());
  std::copy_if(members->begin(), members->end(), std::back_inserter(*next),
               [removed](const MemberPtr& m) { return m.get() != removed; });
  return next;
}

}  // namespace

ChatRooms::ChatRooms(ChatLimits limits) : limits_(limits)
{}

ChatRooms::NickChange ChatRooms::set_nick(const MemberPtr& member, std::string_view nick)
{
  std::string key = fold_name(nick);
  std::lock_guard lock(mutex_);
  NickChange change;
  const auto it = nicks_.find(key);
  if (it != nicks_.end() && it->second != member) {
    change.error = ErrorCode::nick_taken;
    return change;
  }
  change.old_nick = std::move(member->nick_);
  if (!change.old_nick.empty()) nicks_.erase(fold_name(change.old_nick));
  member->nick_ = nick;
  nicks_[std::move(key)] = member;
  if (!member->room_.empty()) {
    const Room& current = rooms_.at(member->room_);
    change.room = current.name;
    change.audience = current.members;
  }
  return change;
}

ChatRooms::Move ChatRooms::join(const MemberPtr& member, std::string_view room)
{
  std::string key = fold_name(room);
  std::lock_guard lock(mutex_);
  Move move;
  if (member->nick_.empty()) {
    move.error = ErrorCode::nick_required;
    return move;
  }
  move.nick = member->nick_;
  auto it = rooms_.find(key);
  if (it != rooms_.end() && member->room_ == key) {
    move.already_there = true;
    move.room = it->second.name;
    move.audience = it->second.members;
    return move;
  }
  if (it == rooms_.end() && rooms_.size() >= limits_.max_rooms) {
    move.error = ErrorCode::too_many_rooms;
    return move;
  }
  if (it != rooms_.end() && it->second.members->size() >= limits_.max_room_size) {
    move.error = ErrorCode::room_full;
    return move;
  }
  if (!member->room_.empty()) {
    Departure departure = leave_locked(*member);
    move.left_room = std::move(departure.room);
    move.left_audience = std::move(departure.audience);
  }
  if (it == rooms_.end())
    it = rooms_.emplace(key, Room{std::string(room), std::make_shared<std::vector<MemberPtr>>()})
             .first;
  it->second.members = with(it->second.members, member);
  member->room_ = std::move(key);
  move.room = it->second.name;
  move.audience = it->second.members;
  return move;
}

ChatRooms::Departure ChatRooms::leave(const MemberPtr& member)
{
  std::lock_guard lock(mutex_);
  if (member->room_.empty()) {
    Departure departure;
    departure.error = ErrorCode::not_in_room;
    return departure;
  }
  return leave_locked(*member);
}

ChatRooms::Departure ChatRooms::remove(const MemberPtr& member)
{
  std::lock_guard lock(mutex_);
  Departure departure = leave_locked(*member);
  if (!member->nick_.empty()) nicks_.erase(fold_name(member->nick_));
  return departure;
}

ChatRooms::Departure ChatRooms::leave_locked(ChatMember& member)
{
  Departure departure;
  departure.nick = member.nick_;
  if (member.room_.empty()) return departure;
  const auto it = rooms_.find(member.room_);
  member.room_.clear();
  if (it == rooms_.end()) return departure;
  departure.room = it->second.name;
  departure.audience = without(it->second.members, &member);
  if (departure.audience->empty())
    rooms_.erase(it);
  else
    it->second.members = departure.audience;
  return departure;
}

ChatRooms::Speaker ChatRooms::speaker(const MemberPtr& member) const
{
  std::lock_guard lock(mutex_);
  Speaker speaker;
  if (member->room_.empty()) {
    speaker.error = member->nick_.empty() ? ErrorCode::nick_required : ErrorCode::not_in_room;
    return speaker;
  }
  const Room& room = rooms_.at(member->room_);
  speaker.nick = member->nick_;
  speaker.room = room.name;
  speaker.audience = room.members;
  return speaker;
}

ChatRooms::Recipient ChatRooms::find(const MemberPtr& from, std::string_view nick) const
{
  const std::string key = fold_name(nick);
  std::lock_guard lock(mutex_);
  Recipient recipient;
  if (from->nick_.empty()) {
    recipient.error = ErrorCode::nick_required;
    return recipient;
  }
  recipient.from = from->nick_;
  const auto it = nicks_.find(key);
  if (it == nicks_.end()) {
    recipient.error = ErrorCode::no_such_user;
    return recipient;
  }
  recipient.to = it->second->nick_;
  recipient.member = it->second;
  return recipient;
}

std::vector<RoomInfo> ChatRooms::rooms() const
{
  std::lock_guard lock(mutex_);
  std::vector<RoomInfo> list;
  list.reserve(rooms_.size());
  for (const auto& [key, room] : rooms_)
    list.push_back({room.name, static_cast<std::uint16_t>(
                                   std::min<std::size_t>(room.members->size(), UINT16_MAX))});
  return list;
}

ChatRooms::Roster ChatRooms::users(const MemberPtr& member, std::string_view room) const
{
  const std::string asked = fold_name(room);
  Roster roster;
  {
    std::lock_guard lock(mutex_);
    const std::string& key = asked.empty() ? member->room_ : asked;
    if (key.empty()) {
      roster.error = ErrorCode::not_in_room;
      return roster;
    }
    const auto it = rooms_.find(key);
    if (it == rooms_.end()) {
      roster.error = ErrorCode::no_such_room;
      return roster;
    }
    roster.room = it->second.name;
    for (const MemberPtr& m : *it->second.members) roster.nicks.push_back(m->nick_);
  }
  std::sort(roster.nicks.begin(), roster.nicks.end(),
            [](const std::string& a, const std::string& b) { return fold_name(a) < fold_name(b); });
  return roster;
}

Audience ChatRooms::audience(std::string_view room) const
{
  const std::string key = fold_name(room);
  std::lock_guard lock(mutex_);
  const auto it = rooms_.find(key);
  return it == rooms_.end() ? nullptr : it->second.members;
}

MemberPtr ChatRooms::member_named(std::string_view nick) const
{
  const std::string key = fold_name(nick);
  std::lock_guard lock(mutex_);
  const auto it = nicks_.find(key);
  return it == nicks_.end() ? nullptr : it->second;
}

std::vector<MemberPtr> ChatRooms::room_members() const
{
  std::lock_guard lock(mutex_);
  std::vector<MemberPtr> members;
  for (const auto& [key, room] : rooms_)
    members.insert(members.end(), room.members->begin(), room.members->end());
  return members;
}

std::vector<Presence> ChatRooms::presence() const
{
  std::lock_guard lock(mutex_);
  std::vector<Presence> list;
  list.reserve(nicks_.size());
  for (const auto& [key, member] : nicks_) {
    const auto room = member->room_.empty() ? rooms_.end() : rooms_.find(member->room_);
    list.push_back({member->nick_, room == rooms_.end() ? std::string() : room->second.name});
  }
  return list;
}

std::size_t ChatRooms::room_count() const
{
  std::lock_guard lock(mutex_);
  return rooms_.size();
}

}  // namespace proactor::chat
