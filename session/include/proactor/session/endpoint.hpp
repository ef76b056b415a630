#pragma once

#include <proactor/session/udp_address.hpp>

#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ip/udp.hpp>

#include <cstdint>
#include <string>
#include <string_view>

namespace proactor {

/// "host:port", or "[v6]:port" for IPv6. Any thread.
std::string to_string(const boost::asio::ip::tcp::endpoint& endpoint);
/// "host:port", or "[v6]:port" for IPv6. Any thread.
std::string to_string(const boost::asio::ip::udp::endpoint& endpoint);

/// Parses a numeric IPv4/IPv6 address (brackets around IPv6 allowed) and a port into an
/// endpoint; throws `boost::system::system_error` with a readable message on bad input.
boost::asio::ip::tcp::endpoint make_tcp_endpoint(std::string_view host, std::uint16_t port);

/// The Asio endpoint of `address`. Any thread.
boost::asio::ip::udp::endpoint to_udp_endpoint(const UdpAddress& address);
/// The `UdpAddress` of an Asio endpoint (an IPv4-mapped IPv6 address stays IPv6). Any thread.
UdpAddress to_udp_address(const boost::asio::ip::udp::endpoint& endpoint);

}  // namespace proactor
