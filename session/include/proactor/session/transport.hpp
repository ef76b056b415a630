#pragma once

#include <proactor/session/basic_session.hpp>
#include <proactor/session/dispatcher.hpp>
#include <proactor/session/session.hpp>
#include <proactor/session/session_config.hpp>
#include <proactor/session/traffic_counters.hpp>

#include <boost/system/error_code.hpp>

#include <cstdint>
#include <functional>
#include <memory>
#include <string>

namespace proactor {

/// Turns a connected TCP socket into a started session. Plain TCP does it at once
/// (`tcp_transport()`); TLS (`proactor::tls`) runs its handshake first. The server and the
/// connector go through this one seam, so neither knows which stream its sessions run on.
class Transport
{
 public:
  /// Which end of the connection this process is (who speaks first in a handshake).
  enum class Side : std::uint8_t
  {
    client,
    server
  };

  /// What the session is made of, handed over with the socket.
  struct Parts
  {
    SessionId id = 0;
    std::shared_ptr<const SessionConfig> config;
    std::shared_ptr<Dispatcher> dispatcher;
    TrafficCounters* counters = nullptr;
    std::shared_ptr<void> keepalive;
    /// Client side: the name the peer was reached by (TLS: SNI and the name verified).
    std::string peer_name;
  };

  /// Sees the new session before it starts; false drops it unstarted (e.g. a server that
  /// is stopping).
  using Admit = std::function<bool(const SessionPtr&)>;
  /// Called once: with the started session, or with the error that prevented it and null.
  /// Not called for a session that `Admit` dropped.
  using Done = std::function<void(boost::system::error_code, SessionPtr)>;

  virtual ~Transport() = default;

  /// Makes the session for `socket`, calls `admit`, starts it, then calls `done` (or calls
  /// `done` with the failure). Call on the socket's executor; the callbacks run there too.
  virtual void open(TcpSocket socket, Side side, Parts parts, Admit admit, Done done) const = 0;
};

/// Plain TCP: the session is made, admitted, started and reported before `open` returns.
/// Any thread.
const Transport& tcp_transport() noexcept;

}  // namespace proactor
