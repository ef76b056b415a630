#pragma once

#include <proactor/net/socket_options.hpp>
#include <proactor/session/dispatcher.hpp>
#include <proactor/session/session.hpp>
#include <proactor/session/session_config.hpp>
#include <proactor/session/traffic_counters.hpp>

#include <boost/system/error_code.hpp>

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>

namespace boost::asio {
class io_context;
}

namespace proactor {

class Transport;

/// The client side: connects to a server and runs the connection as the same session type
/// the server uses, with the same framing, watermarks and timeouts.
struct ConnectOptions
{
  std::string host = "127.0.0.1";
  std::uint16_t port = 0;
  /// Resolve plus connect must finish within this, or the attempt fails with
  /// `error::connect_timeout`.
  std::chrono::milliseconds timeout{10'000};
  /// The session's limits; by default a client keeps reading while it is not writable.
  std::shared_ptr<const SessionConfig> config = default_client_config();

  /// SessionConfig defaults, but `pause_reading_while_unwritable = false`.
  static std::shared_ptr<const SessionConfig> default_client_config();
  /// Adds to these totals if set.
  TrafficCounters* counters = nullptr;
  /// Set on the socket once connected; a failure fails the attempt.
  SocketOptions socket_options{};
  /// How the connected socket becomes a session: null is plain TCP; `proactor::tls` makes
  /// one that runs a TLS handshake (with SNI and verification of `host`) first.
  std::shared_ptr<const Transport> transport = nullptr;
};

/// Called once with the started session, or with the error that stopped the attempt
/// (resolve or connect failure, `error::connect_timeout`, a failed TLS handshake) and a null
/// session.
using ConnectHandler = std::function<void(boost::system::error_code, SessionPtr)>;

/// Resolves `options.host`, connects (trying every address) and starts a session whose
/// events go to `dispatcher`. Thread safe; `on_connect` runs on a thread running `io`.
void async_connect(boost::asio::io_context& io, const ConnectOptions& options,
                   std::shared_ptr<Dispatcher> dispatcher, ConnectHandler on_connect);

}  // namespace proactor
