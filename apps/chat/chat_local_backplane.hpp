#pragma once

#include "chat/chat_backplane.hpp"

#include <string>
#include <vector>

namespace proactor::chat {

/// The backplane of a server on its own: nothing is shared, every nickname claim is granted
/// at once. Stateless; any thread.
class LocalBackplane final : public Backplane
{
 public:
  /// Always false. Any thread.
  bool clustered() const noexcept override { return false; }
  /// Does nothing. Any thread.
  void publish_room(const std::string&, const Event&, const SessionPtr&) override {}
  /// Does nothing. Any thread.
  void publish_private(const std::string&, const PrivateEvent&, const SessionPtr&) override {}
  /// Grants at once, inline. Any thread.
  void claim_nick(const std::string&, ClaimDone done) override { done(true); }
  /// Does nothing. Any thread.
  void release_nick(const std::string&) override {}
  /// Nobody elsewhere. Any thread.
  Presence find_remote(const std::string&) const override { return {}; }
  /// Nobody elsewhere. Any thread.
  std::vector<std::string> remote_users(const std::string&) const override { return {}; }
  /// No rooms elsewhere. Any thread.
  std::vector<RoomInfo> remote_rooms() const override { return {}; }
  /// Empty. Any thread.
  std::string node_id() const override { return {}; }
};

}  // namespace proactor::chat
