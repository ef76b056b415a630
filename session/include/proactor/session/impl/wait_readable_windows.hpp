#pragma once

#include <boost/asio/buffer.hpp>
#include <boost/system/error_code.hpp>

#include <cstddef>
#include <utility>

namespace proactor::detail {

/// Calls `handler(ec)` once `socket` has bytes (or EOF, or an error) to read. IOCP reports
/// completions, not readiness; the classic answer is the zero-byte receive: an overlapped
/// WSARecv of no bytes, which completes when data arrives and pins no buffer meanwhile.
///
/// Asio (1.81) issues exactly that for a `null_buffers` receive on a stream socket
/// (`win_iocp_socket_service_base::start_null_buffers_receive_op`; its `async_wait(wait_read)`
/// happens to take the same path, but write and error waits go to a select reactor on a
/// helper thread, so the session asks for the receive by name). An `async_read_some` with an
/// *empty buffer* would not do: Asio completes a zero-length stream receive at once without
/// calling WSARecv, and an idle session would spin.
template <class Socket, class Handler>
void async_wait_readable(Socket& socket, Handler&& handler)
{
  socket.async_receive(boost::asio::null_buffers(),
                       [handler = std::forward<Handler>(handler)](
                           boost::system::error_code ec, std::size_t) mutable { handler(ec); });
}

}  // namespace proactor::detail
