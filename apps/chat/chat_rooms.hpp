#pragma once

#include "chat/chat_backplane.hpp"
#include "chat/chat_event.hpp"
#include "chat/chat_limits.hpp"
#include "chat/chat_member.hpp"
#include "chat/chat_protocol.hpp"

#include <cstddef>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace proactor::chat {

/// The members of a room at one moment: an immutable list that a fan-out may walk outside
/// the lock while the room changes (copy on write).
using Audience = std::shared_ptr<const std::vector<MemberPtr>>;

/// Every nickname and room of a chat server, with its limits: the one place chat state
/// lives. Each call takes one mutex for a few map operations and returns what the caller
/// needs to send (names and an `Audience`), so that nothing is sent while the lock is held.
///
/// Thread safe: every member may be called from any thread (the handler runs on several
/// I/O or logic threads). Names are unique and looked up case-insensitively; a room exists
/// while it has members.
class ChatRooms
{
 public:
  /// The outcome of `set_nick`.
  struct NickChange
  {
    ErrorCode error = ErrorCode::none;  ///< `none`, or why nothing changed
    std::string old_nick;               ///< empty for a first nickname
    std::string room;                   ///< the member's room, or empty
    Audience audience;                  ///< the member's room (the member included), or null
  };

  /// The outcome of `join`.
  struct Move
  {
    ErrorCode error = ErrorCode::none;  ///< `none`, or why nothing moved
    std::string nick;                   ///< the member's nickname
    std::string room;                   ///< the room joined, spelled as it was created
    Audience audience;                  ///< its members now, the newcomer included
    bool already_there = false;         ///< the member was in the room already: nothing changed
    std::string left_room;              ///< the room left on the way, or empty
    Audience left_audience;             ///< that room's remaining members, or null
  };

  /// The outcome of `leave` and `remove`.
  struct Departure
  {
    ErrorCode error = ErrorCode::none;  ///< `none`, or why nothing changed
    std::string nick;                   ///< the member's nickname (empty if it had none)
    std::string room;                   ///< the room left, or empty
    Audience audience;                  ///< its remaining members, or null
  };

  /// Who hears a member speak: the outcome of `speaker`.
  struct Speaker
  {
    ErrorCode error = ErrorCode::none;  ///< `none`, or why the member cannot speak
    std::string nick;                   ///< the speaker's nickname
    std::string room;                   ///< its room
    Audience audience;                  ///< the room's members, the speaker included
  };

  /// The outcome of `find`.
  struct Recipient
  {
    ErrorCode error = ErrorCode::none;  ///< `none`, or why there is no recipient
    std::string from;                   ///< the sender's nickname (also set for `no_such_user`)
    std::string to;                     ///< the recipient's nickname, as registered
    MemberPtr member;                   ///< the recipient
  };

  /// The outcome of `users`.
  struct Roster
  {
    ErrorCode error = ErrorCode::none;  ///< `none`, or why there is no list
    std::string room;                   ///< the room, spelled as it was created
    std::vector<std::string> nicks;     ///< sorted case-insensitively
  };

  /// Empty rooms bounded by `limits`. Any thread.
  explicit ChatRooms(ChatLimits limits = {});

  /// Gives `member` the (valid) nickname `nick`, or `nick_taken` if another member has it.
  /// Any thread.
  NickChange set_nick(const MemberPtr& member, std::string_view nick);

  /// Moves the named `member` into the room `room` (valid name), creating it and leaving the
  /// current room first. Errors: `nick_required`, `too_many_rooms`, `room_full`. Any thread.
  Move join(const MemberPtr& member, std::string_view room);

  /// Takes `member` out of its room; `not_in_room` if it has none. Any thread.
  Departure leave(const MemberPtr& member);

  /// Forgets `member` (its session closed): leaves its room, frees its nickname. Any thread.
  Departure remove(const MemberPtr& member);

  /// The member's name, room and audience for a say; `not_in_room` without a room. Any thread.
  Speaker speaker(const MemberPtr& member) const;

  /// The member called `nick`, for a private message from `from`. Errors: `nick_required`
  /// (the sender has none), `no_such_user`. Any thread.
  Recipient find(const MemberPtr& from, std::string_view nick) const;

  /// Every room with its member count, sorted by name. Any thread.
  std::vector<RoomInfo> rooms() const;

  /// The members of `room`, or of the member's current room when `room` is empty. Errors:
  /// `not_in_room`, `no_such_room`. Any thread.
  Roster users(const MemberPtr& member, std::string_view room) const;

  /// The members of `room` (compared case-insensitively), or null when it does not exist.
  /// Any thread.
  Audience audience(std::string_view room) const;

  /// The member called `nick`, or null. Any thread.
  MemberPtr member_named(std::string_view nick) const;

  /// Every member that is in a room. Any thread.
  std::vector<MemberPtr> room_members() const;

  /// Every member with a nickname, and its room: what this server tells the cluster. Any
  /// thread.
  std::vector<Presence> presence() const;

  /// Rooms that exist now. Any thread.
  std::size_t room_count() const;

  /// The limits in force. Any thread.
  const ChatLimits& limits() const noexcept { return limits_; }

 private:
  struct Room
  {
    std::string name;  // as spelled by its creator
    Audience members;  // never null
  };

  Departure leave_locked(ChatMember& member);

  const ChatLimits limits_;
  mutable std::mutex mutex_;  // guards everything below and every member's nick_ and room_
  std::unordered_map<std::string, MemberPtr> nicks_;  // by folded nickname
  std::map<std::string, Room> rooms_;                 // by folded room name: sorted listing
};

}  // namespace proactor::chat
