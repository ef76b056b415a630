#pragma once

#include <proactor/net/bytes.hpp>
#include <proactor/session/handler.hpp>
#include <proactor/session/session.hpp>

namespace proactor::apps {

/// The echo service: every frame goes back to its sender, framed with the session's codec.
/// Stateless, so it serves any number of I/O and logic threads without a lock.
class EchoHandler final : public Handler
{
 public:
  /// Sends `payload` back on `session`. Called on the session's handler thread.
  void on_frame(const SessionPtr& session, ConstBytes payload) override;
};

}  // namespace proactor::apps
