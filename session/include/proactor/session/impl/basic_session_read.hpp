#pragma once

// BasicSession's read path: do_read → (readiness wait →) read → on_read → process_input,
// which hands every complete frame to the dispatcher while the session may dispatch.

#include <proactor/net/error.hpp>
#include <proactor/session/basic_session.hpp>
#include <proactor/session/impl/wait_readable.hpp>
#include <proactor/session/read_buffer_pool.hpp>

#include <boost/asio/error.hpp>
#include <boost/asio/post.hpp>

namespace proactor {

template <class Stream>
void BasicSession<Stream>::do_read()
{
  if (read_in_flight_ || read_.eof() || state_.closed()) return;
  if (state_.open() && !can_dispatch()) {
    read_.on_gated();
    parked_ = self();
    return;
  }
  parked_.reset();  // the read below owns the session from now on
  read_in_flight_ = true;
  if constexpr (detail::reads_when_ready<Stream>) {
    if (read_.waits() && state_.open()) {
      if (read_.maybe_readable()) {
        // Let other sessions of this thread run first, then read what is there.
        boost::asio::post(stream_.get_executor(), [self = self()] { self->on_readable({}); });
        return;
      }
      // Nothing to read now: hold no buffer while waiting (idle connections pin no memory).
      detail::ReadBufferPool::lend(decoder_);
      detail::async_wait_readable(
          stream_, [self = self()](boost::system::error_code ec) { self->on_readable(ec); });
      return;
    }
    detail::ReadBufferPool::borrow(decoder_);
  }
  // While closing, reads only watch for the peer's EOF: the bytes land in the prepared
  // space and are never committed, i.e. discarded.
  const MutableBytes space = decoder_.prepare(config_->read_chunk);
  stream_.async_read_some(
      boost::asio::buffer(space.data(), space.size()),
      [self = self()](boost::system::error_code ec, std::size_t n) { self->on_read(ec, n); });
}

template <class Stream>
void BasicSession<Stream>::on_readable(boost::system::error_code ec)
{
  if (ec || state_.closed()) return on_read(ec, 0);
  detail::ReadBufferPool::borrow(decoder_);
  const MutableBytes space = decoder_.prepare(config_->read_chunk);
  const std::size_t n = stream_.read_some(boost::asio::buffer(space.data(), space.size()), ec);
  if (ec == boost::asio::error::would_block || ec == boost::asio::error::try_again) {
    read_in_flight_ = false;
    read_.on_empty();
    return do_read();
  }
  if (!ec) read_.on_ready_read(clock::now(), n, space.size());
  on_read(ec, n);
}

template <class Stream>
void BasicSession<Stream>::on_read(boost::system::error_code ec, std::size_t n)
{
  read_in_flight_ = false;
  if (state_.closed()) return release_stream();
  if (ec == boost::asio::error::eof) {
    read_.on_eof();
    // A closing handshake still writing its goodbye finishes first (on_shutdown closes).
    if (state_.phase() == Phase::lingering && !shutdown_in_flight_)
      return close_now(state_.reason(), state_.error());
    if (!state_.open()) return;  // finish_draining closes once the queue is out
    if (decoder_.has_partial_frame())
      return begin_close(CloseReason::protocol_error, error::malformed_frame);
    return begin_close(CloseReason::peer_closed, {});
  }
  if (ec == boost::asio::error::operation_aborted) {
    if (!read_.end_release(true)) return;  // a close cancelled it
    // The watchdog cancelled an idle read: give the buffer back and wait for readability.
    if (state_.open()) detail::ReadBufferPool::lend(decoder_);
    return do_read();  // closing meanwhile: a read still watches for the peer's EOF
  }
  read_.end_release(false);  // the read completed before a cancel reached it
  if (ec) {
    // A reset while lingering after our FIN is the peer's way of hanging up: not an error.
    if (state_.phase() == Phase::lingering) return close_now(state_.reason(), state_.error());
    return close_now(CloseReason::io_error, ec);
  }
  if (!state_.open()) return do_read();

  decoder_.commit(n);
  const auto now = clock::now();
  deadlines_.on_input(now);
  read_.on_data(now);
  if (counters_) counters_->bytes_in.fetch_add(n, std::memory_order_relaxed);
  process_input();
}

template <class Stream>
void BasicSession<Stream>::process_input()
{
  const SessionPtr as_session = self();
  std::uint64_t frames = 0;
  // Replies queued while this read's frames are handled leave together, in one gathered
  // write after the last of them, not one write for the first reply and one for the rest.
  struct InputScope
  {
    bool& flag;
    explicit InputScope(bool& f) : flag(f) { flag = true; }
    ~InputScope() { flag = false; }
    InputScope(const InputScope&) = delete;
    InputScope& operator=(const InputScope&) = delete;
  };
  {
    const InputScope scope(in_input_);
    decoder_.decode([&](ConstBytes payload) {
      if (!can_dispatch()) return false;
      if (!dispatcher_->on_frame(as_session, payload)) {
        read_.pause();  // the dispatcher is full; this frame stays buffered for resume
        return false;
      }
      ++frames;
      return true;
    });
  }
  if (frames) {
    dispatcher_->flush();
    if (counters_) counters_->frames_in.fetch_add(frames, std::memory_order_relaxed);
  }
  if (!write_in_flight_ && !write_queue_.empty() && !state_.closed()) do_write();

  if (!state_.open()) return;
  if (const auto ec = decoder_.error()) return begin_close(CloseReason::protocol_error, ec);
  deadlines_.on_decoded(decoder_.has_partial_frame());
  update_watchdog();
  do_read();  // parks while gated or unwritable
}

template <class Stream>
void BasicSession<Stream>::resume_input()
{
  if (!state_.open() || read_.gated()) return;
  // Timeouts were not the peer's fault while we were not reading: restart them.
  deadlines_.on_resume(clock::now());
  // A read still in flight owns the decoder's buffer; its completion decodes everything.
  if (read_in_flight_) return update_watchdog();
  process_input();
}

}  // namespace proactor
