#pragma once

#include <proactor/net/socket_options.hpp>
#include <proactor/session/basic_session.hpp>

#include <boost/asio/ip/tcp.hpp>
#include <boost/system/error_code.hpp>

// The one place that turns `SocketOptions` into setsockopt calls.
namespace proactor {

/// Sets the connection options of `options` on the open `socket`: no_delay, keep-alive (and
/// its idle, interval and count), linger and the buffer sizes. Stops at the first failure and
/// returns it; its message() is the operating system's text ("Invalid argument"). Call on
/// the socket's executor, or before anything else uses the socket. Call it qualified,
/// `proactor::apply(...)`: argument-dependent lookup also finds `std::apply`.
boost::system::error_code apply(TcpSocket& socket, const SocketOptions& options);

/// Sets the listener options of `options` on the open, not yet bound `acceptor`:
/// reuse_address and reuse_port. Returns the first failure, as `apply` does.
boost::system::error_code apply_listener(boost::asio::ip::tcp::acceptor& acceptor,
                                         const SocketOptions& options);

}  // namespace proactor
