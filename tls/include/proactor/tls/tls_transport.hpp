#pragma once

#include <proactor/tls/tls_context.hpp>

#include <chrono>
#include <functional>
#include <memory>
#include <string>
#include <string_view>

namespace proactor {
class Transport;
}

namespace proactor::tls {

/// How connections run their handshake.
struct TlsTransportOptions
{
  /// A peer that has not completed the handshake by then is dropped with
  /// `error::handshake_timeout` (a server counts `CloseReason::handshake_timeout`).
  std::chrono::milliseconds handshake_timeout{10'000};
  /// Client: the name sent as SNI and verified against the certificate; empty means the
  /// host connected to (`ConnectOptions::host`). SNI is not sent for an IP address.
  std::string server_name;
  /// Receives one line per failed handshake (peer, reason); by default they go to stderr.
  /// Called on the connection's I/O thread.
  std::function<void(std::string_view)> log;
};

/// A transport for `ServerConfig::transport` or `ConnectOptions::transport`: each connection
/// runs the TLS handshake (server or client side, with its deadline) and then the usual
/// session over `TlsStream`. A failed handshake closes that connection only. Any thread.
std::shared_ptr<const Transport> make_transport(TlsContext context,
                                                TlsTransportOptions options = {});

}  // namespace proactor::tls
