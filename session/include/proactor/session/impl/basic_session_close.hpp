#pragma once

// BasicSession's close path (CloseState: open → draining → lingering → closed) and its one
// timer, armed at the earliest of the deadlines SessionDeadlines keeps.

#include <proactor/net/error.hpp>
#include <proactor/session/basic_session.hpp>

#include <boost/asio/error.hpp>
#include <boost/asio/socket_base.hpp>

#include <utility>

namespace proactor {

template <class Stream>
void BasicSession<Stream>::begin_close(CloseReason reason, boost::system::error_code ec)
{
  if (!state_.begin_drain(reason, ec)) return;
  deadlines_.on_drain(clock::now());
  if (!write_in_flight_ && write_queue_.empty()) return finish_draining();
  update_watchdog();
  do_read();
}

template <class Stream>
void BasicSession<Stream>::finish_draining()
{
  using Shutdown = detail::SendShutdown<Stream>;
  state_.begin_linger();
  deadlines_.on_linger(clock::now());
  if constexpr (Shutdown::asynchronous) {
    // The stream's own closing handshake writes its goodbye and waits for the peer's; the
    // linger deadline bounds it like the wait for a plain peer's EOF.
    shutdown_in_flight_ = true;
    Shutdown::async_shutdown(
        stream_, [self = self()](boost::system::error_code ec) { self->on_shutdown(ec); });
  } else {
    Shutdown::shutdown(stream_);
    if (read_.eof()) return close_now(state_.reason(), state_.error());
  }
  update_watchdog();
  do_read();
}

template <class Stream>
void BasicSession<Stream>::on_shutdown(boost::system::error_code ec)
{
  shutdown_in_flight_ = false;
  if (state_.closed()) return release_stream();
  // Done, or failed because the peer went away meanwhile: either way nothing is left to say.
  static_cast<void>(ec);
  close_now(state_.reason(), state_.error());
}

template <class Stream>
void BasicSession<Stream>::close_now(CloseReason reason, boost::system::error_code ec,
                                     bool abortive)
{
  if (!state_.close(reason, ec)) return;
  closed_.store(true, std::memory_order_release);
  const auto parked = std::move(parked_);  // released when this call returns

  boost::system::error_code ignored;
  watchdog_.cancel();
  auto& socket = stream_.lowest_layer();
  if (abortive) socket.set_option(boost::asio::socket_base::linger(true, 0), ignored);
  // Operations still in flight are cancelled, and the last of them to complete closes the
  // socket: until then the kernel may still be reading into the decoder's buffer or sending
  // from the write queue (io_uring), and Asio 1.81's io_uring backend loses an operation
  // that is pending on a socket it closes. Both directions are shut too, so that an
  // operation started after the cancel ends at once instead of waiting on a peer that may
  // never speak or read: a composed write going on to its next part, or TLS resuming a read
  // that waited behind another. Bytes already in the kernel still leave, as after close().
  socket.cancel(ignored);
  socket.shutdown(boost::asio::socket_base::shutdown_both, ignored);
  release_stream();
  holds_.release_all();  // a closed session holds nobody back

  // Posted: the close may come from the application's own call (a send over the hard cap,
  // close()), and on_close must not run inside it. Nothing else is reported after it.
  post_self([](BasicSession& self) {
    self.dispatcher_->on_close(self.self(), self.state_.reason(), self.state_.error());
  });
}

template <class Stream>
void BasicSession<Stream>::release_stream()
{
  if (read_in_flight_ || write_in_flight_ || shutdown_in_flight_) return;
  boost::system::error_code ignored;
  stream_.lowest_layer().close(ignored);
  write_queue_.clear();
  queued_.store(0, std::memory_order_relaxed);
  decoder_.release_if_empty();
}

template <class Stream>
void BasicSession<Stream>::update_watchdog()
{
  const auto next = deadlines_.next(state_.phase(), read_.gated(), may_release_read());
  if (!next) return;  // a pending wait, if any, finds nothing due and lapses
  if (watchdog_armed_ && watchdog_.expiry() <= *next) return;
  watchdog_.expires_at(*next);
  watchdog_armed_ = true;
  watchdog_.async_wait([self = self()](boost::system::error_code ec) { self->on_watchdog(ec); });
}

template <class Stream>
void BasicSession<Stream>::on_watchdog(boost::system::error_code ec)
{
  if (ec == boost::asio::error::operation_aborted || state_.closed()) return;
  const auto now = clock::now();
  // Re-armed for another time after this wait had already completed: that wait decides.
  if (watchdog_.expiry() > now) return;
  watchdog_armed_ = false;

  using Due = detail::SessionDeadlines::Due;
  switch (deadlines_.due(now, state_.phase(), read_.gated(), may_release_read())) {
    case Due::overflow:
      return close_now(CloseReason::write_overflow, error::write_queue_overflow, true);
    case Due::frame:
      return begin_close(CloseReason::frame_timeout, error::frame_timeout);
    case Due::idle:
      return begin_close(CloseReason::idle_timeout, error::idle_timeout);
    case Due::drain:
      return close_now(state_.reason(), error::drain_timeout, true);
    case Due::linger:
      return close_now(state_.reason(), state_.error());
    case Due::release_read: {
      // Quiet for a while: cancel the read in flight (nothing else is pending) so that
      // on_read gives its buffer back and waits for readability instead.
      read_.begin_release();
      boost::system::error_code ignored;
      stream_.lowest_layer().cancel(ignored);
      break;
    }
    case Due::none:
      break;
  }
  update_watchdog();
}

}  // namespace proactor
