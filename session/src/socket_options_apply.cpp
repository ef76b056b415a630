#include <proactor/session/socket_options_apply.hpp>

#include <boost/asio/ip/multicast.hpp>
#include <boost/asio/socket_base.hpp>
#include <boost/system/errc.hpp>

#include <cerrno>
#include <charconv>
#include <net/if.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <string>
#include <sys/socket.h>
#include <utility>

namespace proactor {
namespace {

namespace asio = boost::asio;
using boost::system::error_code;

// A value the kernel takes as a C int, or invalid_argument when it does not fit (the kernel
// would have said the same about a value it cannot represent).
template <class Int>
bool to_int(Int value, int& out, error_code& ec)
{
  if (!std::in_range<int>(value)) {
    ec = boost::system::errc::make_error_code(boost::system::errc::invalid_argument);
    return false;
  }
  out = static_cast<int>(value);
  return true;
}

// Asio has no portable options for the keep-alive timings, so they go straight to
// setsockopt; errno becomes a system_category code whose message() is strerror's text.
error_code set_int_option(int fd, int level, int name, int value)
{
  if (::setsockopt(fd, level, name, &value, sizeof value) != 0)
    return {errno, boost::system::system_category()};
  return {};
}

error_code set_keep_alive_timing(int fd, const SocketOptions& options)
{
  error_code ec;
  int value = 0;
#if defined(TCP_KEEPIDLE) && defined(TCP_KEEPINTVL) && defined(TCP_KEEPCNT)
  if (options.keep_alive_idle) {
    if (!to_int(options.keep_alive_idle->count(), value, ec)) return ec;
    if ((ec = set_int_option(fd, IPPROTO_TCP, TCP_KEEPIDLE, value))) return ec;
  }
  if (options.keep_alive_interval) {
    if (!to_int(options.keep_alive_interval->count(), value, ec)) return ec;
    if ((ec = set_int_option(fd, IPPROTO_TCP, TCP_KEEPINTVL, value))) return ec;
  }
  if (options.keep_alive_count) {
    if ((ec = set_int_option(fd, IPPROTO_TCP, TCP_KEEPCNT, *options.keep_alive_count))) return ec;
  }
#else
  if (options.keep_alive_idle || options.keep_alive_interval || options.keep_alive_count)
    ec = boost::system::errc::make_error_code(boost::system::errc::operation_not_supported);
#endif
  return ec;
}

error_code invalid_argument()
{
  return boost::system::errc::make_error_code(boost::system::errc::invalid_argument);
}

// An IPv4 multicast interface is named by one of its addresses; empty means "any".
error_code parse_v4_interface(std::string_view text, asio::ip::address_v4& out)
{
  if (text.empty()) {
    out = asio::ip::address_v4::any();
    return {};
  }
  error_code ec;
  out = asio::ip::make_address_v4(std::string(text), ec);
  return ec ? invalid_argument() : error_code{};
}

// An IPv6 interface is named by its index ("2") or its name ("eth0"); empty means "any" (0).
error_code parse_v6_interface(std::string_view text, unsigned& index)
{
  index = 0;
  if (text.empty()) return {};
  const char* end = text.data() + text.size();
  if (const auto [last, status] = std::from_chars(text.data(), end, index);
      status == std::errc{} && last == end)
    return {};
  index = ::if_nametoindex(std::string(text).c_str());
  if (index == 0) return {errno, boost::system::system_category()};
  return {};
}

// Sets an Asio socket option on a bare descriptor, so that no Asio object is touched.
template <class Option>
error_code set_raw_option(NativeSocket fd, const asio::ip::udp& protocol, const Option& option)
{
  if (::setsockopt(fd, option.level(protocol), option.name(protocol), option.data(protocol),
                   static_cast<socklen_t>(option.size(protocol))) != 0)
    return {errno, boost::system::system_category()};
  return {};
}

template <class Option>
error_code set_v4_membership(NativeSocket fd, const asio::ip::address& group,
                             const asio::ip::address_v4& interface)
{
  return set_raw_option(fd, asio::ip::udp::v4(), Option(group.to_v4(), interface));
}

template <class Option>
error_code set_v6_membership(NativeSocket fd, const asio::ip::address& group, unsigned index)
{
  return set_raw_option(fd, asio::ip::udp::v6(), Option(group.to_v6(), index));
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

error_code apply_multicast(UdpSocket& socket, const UdpOptions& options)
{
  error_code ec;
  const bool v6 = socket.local_endpoint(ec).protocol() == asio::ip::udp::v6();
  if (ec) return ec;
  if ((ec = receive_only_joined_groups(socket, v6))) return ec;
  if (options.multicast_ttl) {
    // Asio's option throws outside 0..255; the kernel would refuse such a value anyway.
    if (*options.multicast_ttl < 0 || *options.multicast_ttl > 255) return invalid_argument();
    if (socket.set_option(asio::ip::multicast::hops(*options.multicast_ttl), ec)) return ec;
  }
  if (options.multicast_loopback) {
    if (socket.set_option(asio::ip::multicast::enable_loopback(*options.multicast_loopback), ec))
      return ec;
  }
  if (options.multicast_interface.empty()) return ec;
  if (v6) {
    unsigned index = 0;
    if ((ec = parse_v6_interface(options.multicast_interface, index))) return ec;
    socket.set_option(asio::ip::multicast::outbound_interface(index), ec);
  } else {
    asio::ip::address_v4 interface;
    if ((ec = parse_v4_interface(options.multicast_interface, interface))) return ec;
    socket.set_option(asio::ip::multicast::outbound_interface(interface), ec);
  }
  return ec;
}

}  // namespace

error_code apply(TcpSocket& socket, const SocketOptions& options)
{
  error_code ec;
  int value = 0;
  if (socket.set_option(asio::ip::tcp::no_delay(options.no_delay), ec)) return ec;
  if (socket.set_option(asio::socket_base::keep_alive(options.keep_alive), ec)) return ec;
  if (options.keep_alive) {
    if ((ec = set_keep_alive_timing(socket.native_handle(), options))) return ec;
  }
  if (options.linger) {
    if (!to_int(options.linger->count(), value, ec)) return ec;
    if (socket.set_option(asio::socket_base::linger(true, value), ec)) return ec;
  }
  if (options.receive_buffer) {
    if (!to_int(*options.receive_buffer, value, ec)) return ec;
    if (socket.set_option(asio::socket_base::receive_buffer_size(value), ec)) return ec;
  }
  if (options.send_buffer) {
    if (!to_int(*options.send_buffer, value, ec)) return ec;
    if (socket.set_option(asio::socket_base::send_buffer_size(value), ec)) return ec;
  }
  return ec;
}

error_code apply_listener(asio::ip::tcp::acceptor& acceptor, const SocketOptions& options)
{
  error_code ec;
  if (acceptor.set_option(asio::socket_base::reuse_address(options.reuse_address), ec)) return ec;
#ifdef SO_REUSEPORT
  if (options.reuse_port)
    ec = set_int_option(acceptor.native_handle(), SOL_SOCKET, SO_REUSEPORT, 1);
#else
  if (options.reuse_port)
    ec = boost::system::errc::make_error_code(boost::system::errc::operation_not_supported);
#endif
  return ec;
}

error_code apply(UdpSocket& socket, const UdpOptions& options)
{
  error_code ec;
  int value = 0;
  if (socket.set_option(asio::socket_base::reuse_address(options.reuse_address), ec)) return ec;
  if (options.reuse_port) {
#ifdef SO_REUSEPORT
    if ((ec = set_int_option(socket.native_handle(), SOL_SOCKET, SO_REUSEPORT, 1))) return ec;
#else
    return boost::system::errc::make_error_code(boost::system::errc::operation_not_supported);
#endif
  }
  if (socket.set_option(asio::socket_base::broadcast(options.broadcast), ec)) return ec;
  if (options.receive_buffer) {
    if (!to_int(*options.receive_buffer, value, ec)) return ec;
    if (socket.set_option(asio::socket_base::receive_buffer_size(value), ec)) return ec;
  }
  if (options.send_buffer) {
    if (!to_int(*options.send_buffer, value, ec)) return ec;
    if (socket.set_option(asio::socket_base::send_buffer_size(value), ec)) return ec;
  }
  return apply_multicast(socket, options);
}

error_code set_multicast_membership(NativeSocket fd, bool v6, std::string_view group,
                                    std::string_view interface, Membership membership)
{
  namespace multicast = asio::ip::multicast;
  error_code ec;
  const auto address = asio::ip::make_address(std::string(group), ec);
  if (ec || !address.is_multicast() || address.is_v6() != v6) return invalid_argument();
  const bool join = membership == Membership::join;
  if (v6) {
    unsigned index = 0;
    if ((ec = parse_v6_interface(interface, index))) return ec;
    return join ? set_v6_membership<multicast::join_group>(fd, address, index)
                : set_v6_membership<multicast::leave_group>(fd, address, index);
  }
  asio::ip::address_v4 interface_address;
  if ((ec = parse_v4_interface(interface, interface_address))) return ec;
  return join ? set_v4_membership<multicast::join_group>(fd, address, interface_address)
              : set_v4_membership<multicast::leave_group>(fd, address, interface_address);
}

}  // namespace proactor
