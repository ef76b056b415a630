#pragma once

// The session over TLS: the very BasicSession of plain TCP, compiled once more for an
// `ssl::stream` (src/tls_session.cpp). Only code that handles TLS streams includes this
// header; it brings in <boost/asio/ssl.hpp>.

#include <proactor/session/basic_session.hpp>

#include <boost/asio/ssl/stream.hpp>

#include <utility>

namespace proactor {

/// A TLS stream over the framework's TCP socket.
using TlsStream = boost::asio::ssl::stream<TcpSocket>;
/// The session type a TLS server and connector run.
using TlsSession = BasicSession<TlsStream>;

namespace detail {
/// TLS ends its sending side with close_notify, and waits for the peer's (or its EOF). The
/// idle-read mode stays off (`reads_when_ready` is false): OpenSSL may hold decrypted bytes
/// the socket no longer shows as readable, so a TLS session keeps a read in flight.
template <>
struct SendShutdown<TlsStream>
{
  static constexpr bool asynchronous = true;
  template <class Handler>
  static void async_shutdown(TlsStream& stream, Handler&& handler)
  {
    stream.async_shutdown(std::forward<Handler>(handler));
  }
};
}  // namespace detail

extern template class BasicSession<TlsStream>;

}  // namespace proactor
