#include <proactor/server/session_registry.hpp>

namespace proactor {

bool SessionRegistry::add(const SessionPtr& session)
{
  std::lock_guard lock(mutex_);
  if (!admitting_) return false;
  sessions_.emplace(session->id(), session);
  return true;
}

void SessionRegistry::remove(SessionId id)
{
  std::lock_guard lock(mutex_);
  sessions_.erase(id);
  if (sessions_.empty()) emptied_.notify_all();
}

SessionPtr SessionRegistry::find(SessionId id) const
{
  std::lock_guard lock(mutex_);
  const auto it = sessions_.find(id);
  return it == sessions_.end() ? nullptr : it->second.lock();
}

std::size_t SessionRegistry::size() const
{
  std::lock_guard lock(mutex_);
  return sessions_.size();
}

std::vector<SessionPtr> SessionRegistry::snapshot_locked() const
{
  std::vector<SessionPtr> out;
  out.reserve(sessions_.size());
  for (const auto& [id, weak] : sessions_)
    if (auto session = weak.lock()) out.push_back(std::move(session));
  return out;
}

std::vector<SessionPtr> SessionRegistry::snapshot() const
{
  std::lock_guard lock(mutex_);
  return snapshot_locked();
}

void SessionRegistry::for_each(const std::function<void(const SessionPtr&)>& fn) const
{
  for (const auto& session : snapshot()) fn(session);
}

std::vector<SessionPtr> SessionRegistry::close_admission()
{
  std::lock_guard lock(mutex_);
  admitting_ = false;
  return snapshot_locked();
}

bool SessionRegistry::wait_empty(std::chrono::milliseconds timeout) const
{
  std::unique_lock lock(mutex_);
  return emptied_.wait_for(lock, timeout, [this] { return sessions_.empty(); });
}

}  // namespace proactor
