#include <proactor/session/socket_options_apply.hpp>

#include <boost/asio/socket_base.hpp>
#include <boost/system/errc.hpp>

#include <cerrno>
#include <netinet/in.h>
#include <netinet/tcp.h>
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

}  // namespace proactor
