#pragma once

#include <proactor/server/metrics.hpp>
#include <proactor/server/session_registry.hpp>
#include <proactor/session/dispatcher.hpp>

namespace proactor {

/// Inline dispatch for a server: the handler runs on the session's I/O thread, and the
/// server's own bookkeeping (registry, metrics) wraps it. The registry entry goes last so
/// that `stop()`, which waits for an empty registry, also waits for every `on_close`.
class ServerDispatcher final : public Dispatcher
{
 public:
  ServerDispatcher(Handler& handler, SessionRegistry& registry, Metrics& metrics) noexcept
      : handler_(handler), registry_(registry), metrics_(metrics)
  {}

  void on_open(const SessionPtr& session) override { handler_.on_open(session); }

  bool on_frame(const SessionPtr& session, ConstBytes payload) override
  {
    handler_.on_frame(session, payload);
    return true;
  }

  void on_unwritable(const SessionPtr& session) override { handler_.on_unwritable(session); }
  void on_writable(const SessionPtr& session) override { handler_.on_writable(session); }

  void on_close(const SessionPtr& session, CloseReason reason,
                boost::system::error_code ec) override
  {
    metrics_.count_close(reason);
    handler_.on_close(session, reason, ec);
    metrics_.active.fetch_sub(1, std::memory_order_relaxed);
    registry_.remove(session->id());
  }

 private:
  Handler& handler_;
  SessionRegistry& registry_;
  Metrics& metrics_;
};

}  // namespace proactor
