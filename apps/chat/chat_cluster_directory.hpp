#pragma once

#include "chat/chat_backplane.hpp"
#include "chat/chat_event.hpp"

#include <chrono>
#include <cstddef>
#include <map>
#include <mutex>
#include <string>
#include <unordered_map>
#include <vector>

namespace proactor::chat {

/// Who is where on the *other* servers of a cluster, as their bus messages told it: each
/// server's members and rooms, and when it was last heard from. A server not heard from for
/// the TTL is forgotten, members and all, so the users of a killed server vanish from `/who`
/// and `/rooms` within a bounded time. Sans-io: time is passed in.
///
/// Thread safe: every member may be called from any thread (one mutex, a few map operations).
class ClusterDirectory
{
 public:
  /// The clock the TTL is measured on.
  using Clock = std::chrono::steady_clock;

  /// An empty directory that forgets a server after `ttl` of silence. Any thread.
  explicit ClusterDirectory(std::chrono::milliseconds ttl);

  /// `node`'s whole membership is `members` (its presence heartbeat). Any thread.
  void replace(const std::string& node, const std::vector<Presence>& members,
               Clock::time_point now);
  /// Applies one of `node`'s room events (joined, left, nick_changed; a message only proves
  /// the server is alive). `room` is the room it happened in. Any thread.
  void apply(const std::string& node, const std::string& room, const Event& event,
             Clock::time_point now);
  /// Forgets `node` now (it said goodbye). Any thread.
  void forget(const std::string& node);
  /// Forgets every server (the bus is gone, so nothing is known). Any thread.
  void clear();
  /// Forgets every server not heard from since `now - ttl`; returns how many. Any thread.
  std::size_t expire(Clock::time_point now);

  /// The member called `nick` (case-insensitively) on another server, or an empty `nick`.
  /// Any thread.
  Presence find(const std::string& nick) const;
  /// The nicknames other servers have in `room` (case-insensitively), unsorted. Any thread.
  std::vector<std::string> users(const std::string& room) const;
  /// Every room other servers have members in, with how many; sorted by folded name. Any
  /// thread.
  std::vector<RoomInfo> rooms() const;
  /// Servers known now. Any thread.
  std::size_t node_count() const;

 private:
  struct Node
  {
    Clock::time_point last_seen;
    std::unordered_map<std::string, Presence> members;  // by folded nickname
  };

  Node& touch(const std::string& node, Clock::time_point now);

  const std::chrono::milliseconds ttl_;
  mutable std::mutex mutex_;  // guards nodes_
  std::map<std::string, Node> nodes_;
};

}  // namespace proactor::chat
