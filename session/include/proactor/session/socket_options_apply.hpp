#pragma once

#include <proactor/net/socket_options.hpp>
#include <proactor/net/udp_options.hpp>
#include <proactor/session/basic_session.hpp>
#include <proactor/session/udp_endpoint.hpp>

#include <boost/asio/basic_datagram_socket.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ip/udp.hpp>
#include <boost/system/error_code.hpp>

#include <string_view>

// The one place that turns `SocketOptions` and `UdpOptions` into setsockopt calls.
namespace proactor {

/// A UDP socket bound to an `io_context` executor, as `UdpEndpoint` runs it.
using UdpSocket = boost::asio::basic_datagram_socket<boost::asio::ip::udp,
                                                     boost::asio::io_context::executor_type>;

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

/// Sets every option of `options` on the open, not yet bound UDP `socket`: reuse_address,
/// reuse_port, broadcast, the buffer sizes and the multicast TTL, loopback and outbound
/// interface (each in its IPv4 or IPv6 form, after the socket's family). Returns the first
/// failure, as `apply` does; a multicast interface that does not parse is `invalid_argument`.
boost::system::error_code apply(UdpSocket& socket, const UdpOptions& options);

/// Whether `set_multicast_membership` joins or leaves.
enum class Membership : unsigned char
{
  join,
  leave
};

/// Joins or leaves multicast `group` (numeric) on `interface` (as
/// `UdpOptions::multicast_interface`; empty: the system's choice) for the UDP socket `fd` of
/// the family `v6` says. Works on the descriptor alone, so it may run on any thread while
/// the socket is in use; the caller keeps `fd` open meanwhile.
boost::system::error_code set_multicast_membership(NativeSocket fd, bool v6, std::string_view group,
                                                   std::string_view interface,
                                                   Membership membership);

}  // namespace proactor
