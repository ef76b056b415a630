#pragma once

#include <proactor/net/socket_options.hpp>
#include <proactor/session/socket_options_apply.hpp>
#include <proactor/session/udp_endpoint.hpp>

#include <boost/system/error_code.hpp>

#include <cstddef>
#include <string>

// The socket options that differ between operating systems, one file per platform:
// socket_platform_posix.cpp and socket_platform_windows.cpp. socket_options_apply.cpp holds
// the portable rest.
namespace proactor::detail {

/// setsockopt on a bare socket; a failure is the operating system's error code
/// (system_category, so message() is its text).
boost::system::error_code set_socket_option(NativeSocket fd, int level, int name,
                                            const void* value, std::size_t size);

/// `set_socket_option` for the usual int-valued option.
inline boost::system::error_code set_int_option(NativeSocket fd, int level, int name, int value)
{
  return set_socket_option(fd, level, name, &value, sizeof value);
}

/// The IPPROTO_TCP option names of the keep-alive timings (idle time, probe interval, probe
/// count), all int-valued; false where the platform cannot set them per socket.
struct KeepAliveOptionNames
{
  int idle = 0;
  int interval = 0;
  int count = 0;
};
bool keep_alive_option_names(KeepAliveOptionNames& names);

/// A listener's address reuse (`SocketOptions::reuse_address`). POSIX: SO_REUSEADDR, which
/// lets a restarted server bind while old connections sit in TIME_WAIT and never admits two
/// live listeners. Windows: TIME_WAIT never blocks a bind there, and SO_REUSEADDR would let
/// another socket steal the bound port, so the listener takes it exclusively
/// (SO_EXCLUSIVEADDRUSE) instead.
boost::system::error_code set_listener_address_reuse(boost::asio::ip::tcp::acceptor& acceptor,
                                                     bool reuse_address);

/// SO_REUSEPORT; operation_not_supported where the platform has none (Windows).
boost::system::error_code set_reuse_port(NativeSocket fd);

/// The index of the network interface named `name` ("eth0"); an error when there is none.
boost::system::error_code interface_index(const std::string& name, unsigned& index);

/// Whether the open socket `fd` is IPv6, bound or not (POSIX getsockname reports the family
/// of an unbound socket; Windows refuses it, WSAPROTOCOL_INFO says).
boost::system::error_code is_v6_socket(NativeSocket fd, bool& v6);

/// Makes a UDP socket receive only the multicast groups it joined itself (Linux delivers every
/// group any socket of the host joined unless told otherwise); nothing elsewhere.
boost::system::error_code receive_only_joined_groups(UdpSocket& socket, bool v6);

}  // namespace proactor::detail
