#include "socket_platform.hpp"

#include <proactor/session/impl/winsock_keepalive.hpp>

#include <boost/system/errc.hpp>

#include <iphlpapi.h>
#include <netioapi.h>

namespace proactor::detail {

using boost::system::error_code;

error_code set_socket_option(NativeSocket fd, int level, int name, const void* value,
                             std::size_t size)
{
  if (::setsockopt(static_cast<SOCKET>(fd), level, name, static_cast<const char*>(value),
                   static_cast<int>(size)) != 0)
    return {::WSAGetLastError(), boost::system::system_category()};
  return {};
}

bool keep_alive_option_names(KeepAliveOptionNames& names)
{
  names = {TCP_KEEPIDLE, TCP_KEEPINTVL, TCP_KEEPCNT};
  return true;
}

error_code set_listener_address_reuse(boost::asio::ip::tcp::acceptor& acceptor,
                                      bool reuse_address)
{
  // SO_EXCLUSIVEADDRUSE and SO_REUSEADDR exclude each other; "reuse" in the POSIX sense (bind
  // over TIME_WAIT) is what Windows does anyway.
  if (!reuse_address) return {};
  return set_int_option(acceptor.native_handle(), SOL_SOCKET, SO_EXCLUSIVEADDRUSE, 1);
}

error_code set_reuse_port(NativeSocket)
{
  return boost::system::errc::make_error_code(boost::system::errc::operation_not_supported);
}

error_code interface_index(const std::string& name, unsigned& index)
{
  index = ::if_nametoindex(name.c_str());
  if (index == 0)
    return boost::system::errc::make_error_code(boost::system::errc::no_such_device);
  return {};
}

error_code is_v6_socket(NativeSocket fd, bool& v6)
{
  WSAPROTOCOL_INFOW info{};
  int size = sizeof info;
  if (::getsockopt(static_cast<SOCKET>(fd), SOL_SOCKET, SO_PROTOCOL_INFOW,
                   reinterpret_cast<char*>(&info), &size) != 0)
    return {::WSAGetLastError(), boost::system::system_category()};
  v6 = info.iAddressFamily == AF_INET6;
  return {};
}

// Windows delivers a socket the groups it joined itself already.
error_code receive_only_joined_groups(UdpSocket&, bool) { return {}; }

}  // namespace proactor::detail
