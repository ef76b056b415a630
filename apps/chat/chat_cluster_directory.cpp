#include "chat/chat_cluster_directory.hpp"

#include "chat/chat_protocol.hpp"

#include <algorithm>
#include <type_traits>

namespace proactor::chat {

ClusterDirectory::ClusterDirectory(std::chrono::milliseconds ttl) : ttl_(ttl)
{}

ClusterDirectory::Node& ClusterDirectory::touch(const std::string& node, Clock::time_point now)
{
  Node& state = nodes_[node];
  state.last_seen = std::max(state.last_seen, now);
  return state;
}

void ClusterDirectory::replace(const std::string& node, const std::vector<Presence>& members,
                               Clock::time_point now)
{
  std::lock_guard lock(mutex_);
  Node& state = touch(node, now);
  state.members.clear();
  for (const Presence& member : members) state.members[fold_name(member.nick)] = member;
}

void ClusterDirectory::apply(const std::string& node, const std::string& room, const Event& event,
                             Clock::time_point now)
{
  std::lock_guard lock(mutex_);
  Node& state = touch(node, now);
  std::visit(
      [&](const auto& e) {
        using T = std::decay_t<decltype(e)>;
        if constexpr (std::is_same_v<T, JoinedEvent>) {
          state.members[fold_name(e.nick)] = Presence{e.nick, e.room};
        } else if constexpr (std::is_same_v<T, LeftEvent>) {
          const auto it = state.members.find(fold_name(e.nick));
          if (it != state.members.end() && fold_name(it->second.room) == fold_name(e.room))
            it->second.room.clear();
        } else if constexpr (std::is_same_v<T, NickEvent>) {
          if (!e.old_nick.empty()) state.members.erase(fold_name(e.old_nick));
          state.members[fold_name(e.new_nick)] = Presence{e.new_nick, room};
        }
      },
      event);
}

void ClusterDirectory::forget(const std::string& node)
{
  std::lock_guard lock(mutex_);
  nodes_.erase(node);
}

void ClusterDirectory::clear()
{
  std::lock_guard lock(mutex_);
  nodes_.clear();
}

std::size_t ClusterDirectory::expire(Clock::time_point now)
{
  std::lock_guard lock(mutex_);
  return std::erase_if(nodes_,
                       [&](const auto& entry) { return now - entry.second.last_seen > ttl_; });
}

Presence ClusterDirectory::find(const std::string& nick) const
{
  const std::string key = fold_name(nick);
  std::lock_guard lock(mutex_);
  for (const auto& [name, state] : nodes_)
    if (const auto it = state.members.find(key); it != state.members.end()) return it->second;
  return {};
}

std::vector<std::string> ClusterDirectory::users(const std::string& room) const
{
  const std::string key = fold_name(room);
  std::vector<std::string> nicks;
  std::lock_guard lock(mutex_);
  for (const auto& [name, state] : nodes_)
    for (const auto& [folded, member] : state.members)
      if (!member.room.empty() && fold_name(member.room) == key) nicks.push_back(member.nick);
  return nicks;
}

std::vector<RoomInfo> ClusterDirectory::rooms() const
{
  std::map<std::string, RoomInfo> by_key;
  {
    std::lock_guard lock(mutex_);
    for (const auto& [name, state] : nodes_)
      for (const auto& [folded, member] : state.members) {
        if (member.room.empty()) continue;
        RoomInfo& info = by_key[fold_name(member.room)];
        if (info.name.empty()) info.name = member.room;
        if (info.members < UINT16_MAX) ++info.members;
      }
  }
  std::vector<RoomInfo> list;
  list.reserve(by_key.size());
  for (auto& [key, info] : by_key) list.push_back(std::move(info));
  return list;
}

std::size_t ClusterDirectory::node_count() const
{
  std::lock_guard lock(mutex_);
  return nodes_.size();
}

}  // namespace proactor::chat
