#pragma once

#include <proactor/session/session.hpp>

#include <atomic>
#include <cstdint>
#include <memory>
#include <string>

namespace proactor::chat {

class ChatRooms;

/// One chat session as the rooms know it: a weak handle on the session, its nickname and
/// room, and the slow-consumer bookkeeping of the fan-out. Created when the session opens.
///
/// The nickname and room belong to `ChatRooms` and are read and written only under its
/// mutex; the rest is atomic and may be used from any thread.
class ChatMember
{
 public:
  /// A member for `session`, with no nickname and no room yet. Any thread.
  explicit ChatMember(const SessionPtr& session) : session_(session) {}

  /// The session, or null once it is gone. Any thread.
  SessionPtr session() const noexcept { return session_.lock(); }

  /// Counts one chat message dropped because the session was not writable; returns true
  /// for the first drop since the session was last writable (time to warn it). Any thread.
  bool count_drop() noexcept
  {
    dropped_.fetch_add(1, std::memory_order_relaxed);
    return !warned_.exchange(true, std::memory_order_relaxed);
  }

  /// The session drained its queue: the next drop warns again. Any thread.
  void drained() noexcept { warned_.store(false, std::memory_order_relaxed); }

  /// Chat messages dropped for this member so far. Any thread.
  std::uint64_t dropped() const noexcept { return dropped_.load(std::memory_order_relaxed); }

 private:
  friend class ChatRooms;

  std::weak_ptr<Session> session_;
  std::atomic<bool> warned_{false};
  std::atomic<std::uint64_t> dropped_{0};
  std::string nick_;  // guarded by ChatRooms' mutex; empty until set
  std::string room_;  // guarded by ChatRooms' mutex; the room's key, empty when in none
};

/// How the handler holds members: shared by the session's context and the rooms.
using MemberPtr = std::shared_ptr<ChatMember>;

}  // namespace proactor::chat
