#include "socket_platform.hpp"

#include <boost/asio/socket_base.hpp>
#include <boost/system/errc.hpp>

#include <cerrno>
#include <net/if.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>

namespace proactor::detail {

using boost::system::error_code;

error_code set_socket_option(NativeSocket fd, int level, int name, const void* value,
                             std::size_t size)
{
  if (::setsockopt(fd, level, name, value, static_cast<socklen_t>(size)) != 0)
    return {errno, boost::system::system_category()};
  return {};
}

bool keep_alive_option_names(KeepAliveOptionNames& names)
{
#if defined(TCP_KEEPIDLE) && defined(TCP_KEEPINTVL) && defined(TCP_KEEPCNT)
  names = {TCP_KEEPIDLE, TCP_KEEPINTVL, TCP_KEEPCNT};
  return true;
#else
  static_cast<void>(names);
  return false;
#endif
}

error_code set_listener_address_reuse(boost::asio::ip::tcp::acceptor& acceptor,
                                      bool reuse_address)
{
  error_code ec;
  acceptor.set_option(boost::asio::socket_base::reuse_address(reuse_address), ec);
  return ec;
}

error_code set_reuse_port(NativeSocket fd)
{
#ifdef SO_REUSEPORT
  return set_int_option(fd, SOL_SOCKET, SO_REUSEPORT, 1);
#else
  static_cast<void>(fd);
  return boost::system::errc::make_error_code(boost::system::errc::operation_not_supported);
#endif
}

error_code interface_index(const std::string& name, unsigned& index)
{
  index = ::if_nametoindex(name.c_str());
  if (index == 0) return {errno, boost::system::system_category()};
  return {};
}

error_code is_v6_socket(NativeSocket fd, bool& v6)
{
  sockaddr_storage address{};
  socklen_t size = sizeof address;
  if (::getsockname(fd, reinterpret_cast<sockaddr*>(&address), &size) != 0)
    return {errno, boost::system::system_category()};
  v6 = address.ss_family == AF_INET6;
  return {};
}

// Linux delivers a multicast datagram to every socket bound to its port once *any* socket on
// the host has joined the group (IP_MULTICAST_ALL, on by default), so leaving a group would not
// stop its datagrams while another program is a member. Turned off, a socket receives the
// groups it joined itself, as on the BSDs and Windows. Kernels without the option (before 2.6.31
// for IPv4, 4.20 for IPv6) keep their behaviour; that is not an error.
error_code receive_only_joined_groups(UdpSocket& socket, bool v6)
{
  error_code ec;
#if defined(IP_MULTICAST_ALL) && defined(IPV6_MULTICAST_ALL)
  ec = v6 ? set_int_option(socket.native_handle(), IPPROTO_IPV6, IPV6_MULTICAST_ALL, 0)
          : set_int_option(socket.native_handle(), IPPROTO_IP, IP_MULTICAST_ALL, 0);
  if (ec == boost::system::errc::no_protocol_option) ec.clear();
#else
  static_cast<void>(socket);
  static_cast<void>(v6);
#endif
  return ec;
}

}  // namespace proactor::detail
