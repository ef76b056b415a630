#pragma once

#include "chat/chat_event.hpp"
#include <proactor/session/session.hpp>

#include <functional>
#include <string>
#include <utility>
#include <vector>

namespace proactor::chat {

/// One member as the cluster sees it: a nickname and its room (empty when in none).
struct Presence
{
  std::string nick;  ///< as registered
  std::string room;  ///< as spelled by its creator, or empty
  bool operator==(const Presence&) const = default;
};

/// What a backplane tells the chat service: everything other servers said. The callbacks of
/// one backplane never overlap, and run on the backplane's own thread.
class BackplaneListener
{
 public:
  virtual ~BackplaneListener() = default;

  /// Another server's member did something in `room` (joined, left, renamed, spoke): deliver
  /// `event` to this server's members of that room. `room` is empty for a rename outside any
  /// room. The backplane's thread.
  virtual void on_remote_room_event(const std::string& room, const Event& event) = 0;
  /// Another server's member sent `event` privately to `to`, who may be on this server. The
  /// backplane's thread.
  virtual void on_remote_private(const std::string& to, const PrivateEvent& event) = 0;
  /// The link to the other servers was lost (`connected` false: rooms are local only) or is
  /// back (`connected` true). The backplane's thread.
  virtual void on_backplane_state(bool connected) = 0;
  /// The members of this server now, for the presence heartbeat. The backplane's thread.
  virtual std::vector<Presence> local_presence() = 0;
  /// What `from` published could not be handed to the other servers although the link is
  /// up (the broker is too far behind): tell its sender. The backplane's thread.
  virtual void on_not_published(const SessionPtr& /*from*/) {}
};

/// How chat servers share rooms: the seam between the chat service and a broker. The
/// local-only implementation (`LocalBackplane`) shares nothing; `RedisBackplane` carries
/// rooms, private messages, nicknames and presence through Redis.
///
/// Publishing never blocks and never waits for the broker. A broker that falls behind holds
/// the publishing sessions' reading (flow control, bounded in time); a message that still
/// cannot be sent is dropped, counted and reported to its sender, and local delivery does
/// not depend on it.
class Backplane
{
 public:
  /// Called with whether a claimed nickname is free in the whole cluster.
  using ClaimDone = std::function<void(bool granted)>;

  virtual ~Backplane() = default;

  /// True when other servers may exist: rooms and nicknames are then cluster-wide. Any
  /// thread.
  virtual bool clustered() const noexcept = 0;

  /// Tells the other servers that `event` happened in `room` (empty `room`: a rename outside
  /// any room). Order is kept per calling thread. `from`, the session whose request caused
  /// it (if any), stops reading while the broker is behind, and hears of a publish that
  /// had to be dropped (`BackplaneListener::on_not_published`). Any thread.
  virtual void publish_room(const std::string& room, const Event& event,
                            const SessionPtr& from = nullptr) = 0;
  /// Sends `event` to `to` on whichever other server has it; `from` as for `publish_room`.
  /// Any thread.
  virtual void publish_private(const std::string& to, const PrivateEvent& event,
                               const SessionPtr& from = nullptr) = 0;

  /// Claims `nick` for this server in the whole cluster, then calls `done` once, either
  /// inline or on the backplane's thread. Any thread.
  virtual void claim_nick(const std::string& nick, ClaimDone done) = 0;
  /// Gives `nick` back (the member renamed or left). Any thread.
  virtual void release_nick(const std::string& nick) = 0;

  /// Where `nick` is in the rest of the cluster: its spelling and room, or nullopt-like
  /// (empty nick) when no other server has it. Any thread.
  virtual Presence find_remote(const std::string& nick) const = 0;
  /// The members other servers have in `room` (compared case-insensitively). Any thread.
  virtual std::vector<std::string> remote_users(const std::string& room) const = 0;
  /// Every room other servers have members in, with how many. Any thread.
  virtual std::vector<RoomInfo> remote_rooms() const = 0;

  /// This server's name in the cluster ("" when local-only). Any thread.
  virtual std::string node_id() const = 0;
};

}  // namespace proactor::chat
