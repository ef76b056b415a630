#pragma once

#include <proactor/session/session.hpp>

#include <atomic>
#include <chrono>
#include <climits>
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

  /// How often at most a member is warned that it reads too slowly.
  static constexpr std::chrono::seconds kWarningInterval{10};

  /// True when a `slow_consumer` warning is due at `now`: the first time, then at most once
  /// per `kWarningInterval`. Any thread.
  bool warning_due(std::chrono::steady_clock::time_point now) noexcept
  {
    const std::int64_t at = now.time_since_epoch().count();
    std::int64_t last = last_warning_.load(std::memory_order_relaxed);
    const std::int64_t interval =
        std::chrono::duration_cast<std::chrono::steady_clock::duration>(kWarningInterval).count();
    if (last != kNever && at - last < interval) return false;
    return last_warning_.compare_exchange_strong(last, at, std::memory_order_relaxed);
  }

  /// Counts one event from another server dropped because the session was not writable.
  /// Any thread.
  void count_drop() noexcept { dropped_.fetch_add(1, std::memory_order_relaxed); }

  /// Events from other servers dropped for this member so far. Any thread.
  std::uint64_t dropped() const noexcept { return dropped_.load(std::memory_order_relaxed); }

 private:
  friend class ChatRooms;

  static constexpr std::int64_t kNever = INT64_MIN;

  std::weak_ptr<Session> session_;
  std::atomic<std::int64_t> last_warning_{kNever};  // steady_clock ticks
  std::atomic<std::uint64_t> dropped_{0};
  std::string nick_;  // guarded by ChatRooms' mutex; empty until set
  std::string room_;  // guarded by ChatRooms' mutex; the room's key, empty when in none
};

/// How the handler holds members: shared by the session's context and the rooms.
using MemberPtr = std::shared_ptr<ChatMember>;

}  // namespace proactor::chat
