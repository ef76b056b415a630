#include "socket_platform.hpp"

#include <proactor/session/socket_options_apply.hpp>

#include <boost/asio/ip/multicast.hpp>
#include <boost/asio/socket_base.hpp>
#include <boost/system/errc.hpp>

#include <charconv>
#include <string>
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
// setsockopt; a failure is the operating system's code, whose message() is its text.
error_code set_keep_alive_timing(NativeSocket fd, const SocketOptions& options)
{
  error_code ec;
  int value = 0;
  detail::KeepAliveOptionNames names;
  if (!detail::keep_alive_option_names(names)) {
    if (options.keep_alive_idle || options.keep_alive_interval || options.keep_alive_count)
      ec = boost::system::errc::make_error_code(boost::system::errc::operation_not_supported);
    return ec;
  }
  if (options.keep_alive_idle) {
    if (!to_int(options.keep_alive_idle->count(), value, ec)) return ec;
    if ((ec = detail::set_int_option(fd, IPPROTO_TCP, names.idle, value))) return ec;
  }
  if (options.keep_alive_interval) {
    if (!to_int(options.keep_alive_interval->count(), value, ec)) return ec;
    if ((ec = detail::set_int_option(fd, IPPROTO_TCP, names.interval, value))) return ec;
  }
  if (options.keep_alive_count) {
    if ((ec = detail::set_int_option(fd, IPPROTO_TCP, names.count, *options.keep_alive_count))) return ec;
  }
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
  return detail::interface_index(std::string(text), index);
}

// Sets an Asio socket option on a bare descriptor, so that no Asio object is touched.
template <class Option>
error_code set_raw_option(NativeSocket fd, const asio::ip::udp& protocol, const Option& option)
{
  return detail::set_socket_option(fd, option.level(protocol), option.name(protocol),
                                   option.data(protocol), option.size(protocol));
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

error_code apply_multicast(UdpSocket& socket, const UdpOptions& options)
{
  error_code ec;
  bool v6 = false;
  if ((ec = detail::is_v6_socket(socket.native_handle(), v6))) return ec;
  if ((ec = detail::receive_only_joined_groups(socket, v6))) return ec;
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
  if ((ec = detail::set_listener_address_reuse(acceptor, options.reuse_address))) return ec;
  if (options.reuse_port) ec = detail::set_reuse_port(acceptor.native_handle());
  return ec;
}

error_code apply(UdpSocket& socket, const UdpOptions& options)
{
  error_code ec;
  int value = 0;
  if (socket.set_option(asio::socket_base::reuse_address(options.reuse_address), ec)) return ec;
  if (options.reuse_port) {
    if ((ec = detail::set_reuse_port(socket.native_handle()))) return ec;
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
