#pragma once

#include <proactor/session/session.hpp>

#include <condition_variable>
#include <cstddef>
#include <functional>
#include <mutex>
#include <unordered_map>
#include <vector>

namespace proactor {

/// The open sessions of a server, by id. Holds weak references only: a session's pending
/// operations own it, so the registry never keeps a closed session alive. Thread safe.
class SessionRegistry
{
 public:
  /// Records `session`; returns false (and records nothing) once `close_admission()` was
  /// called. Any thread.
  bool add(const SessionPtr& session);
  /// Forgets the session with this id. Any thread.
  void remove(SessionId id);
  /// The open session with this id, or null. Any thread.
  SessionPtr find(SessionId id) const;
  /// Sessions recorded now. Any thread.
  std::size_t size() const;
  /// Strong references to every open session, taken under the lock. Any thread.
  std::vector<SessionPtr> snapshot() const;
  /// Calls `fn` for each open session, outside the lock. Any thread.
  void for_each(const std::function<void(const SessionPtr&)>& fn) const;
  /// From now on `add` refuses; returns the sessions open at this moment. Any thread.
  std::vector<SessionPtr> close_admission();
  /// Blocks until no session is recorded or `timeout` passes; true if empty. Any thread
  /// that is not running a session.
  bool wait_empty(std::chrono::milliseconds timeout) const;

 private:
  std::vector<SessionPtr> snapshot_locked() const;

  mutable std::mutex mutex_;
  mutable std::condition_variable emptied_;
  std::unordered_map<SessionId, std::weak_ptr<Session>> sessions_;
  bool admitting_ = true;
};

}  // namespace proactor
