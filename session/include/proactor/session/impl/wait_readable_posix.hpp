#pragma once

#include <boost/asio/socket_base.hpp>
#include <boost/system/error_code.hpp>

#include <utility>

namespace proactor::detail {

/// Calls `handler(ec)` once `socket` has bytes (or EOF, or an error) to read. epoll and
/// io_uring report readiness natively: a reactor wait, no buffer involved.
template <class Socket, class Handler>
void async_wait_readable(Socket& socket, Handler&& handler)
{
  socket.async_wait(boost::asio::socket_base::wait_read, std::forward<Handler>(handler));
}

}  // namespace proactor::detail
