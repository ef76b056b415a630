#pragma once

#include <proactor/net/error.hpp>
#include <proactor/session/basic_session.hpp>
#include <proactor/session/endpoint.hpp>
#include <proactor/session/impl/wait_readable.hpp>
#include <proactor/session/read_buffer_pool.hpp>

#include <boost/asio/dispatch.hpp>
#include <boost/asio/error.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/socket_base.hpp>
#include <boost/asio/write.hpp>

#include <algorithm>
#include <span>
#include <utility>

namespace proactor {
namespace detail {

template <class Stream>
std::string peer_address(const Stream& stream)
{
  boost::system::error_code ec;
  const auto endpoint = stream.lowest_layer().remote_endpoint(ec);
  return ec ? std::string("unknown") : to_string(endpoint);
}

}  // namespace detail

template <class Stream>
BasicSession<Stream>::BasicSession(Stream stream, SessionId id,
                                   std::shared_ptr<const SessionConfig> config,
                                   std::shared_ptr<Dispatcher> dispatcher,
                                   TrafficCounters* counters, std::shared_ptr<void> keepalive)
    : Session(id, detail::peer_address(stream)),
      keepalive_(std::move(keepalive)),
      stream_(std::move(stream)),
      watchdog_(stream_.get_executor()),
      config_(std::move(config)),
      dispatcher_(std::move(dispatcher)),
      counters_(counters),
      decoder_(config_->codec),
      write_queue_(config_->low_watermark, config_->high_watermark)
{}

template <class Stream>
void BasicSession<Stream>::start()
{
  boost::asio::dispatch(stream_.get_executor(), [self = self()] {
    self->last_read_ = clock::now();
    if constexpr (detail::reads_when_ready<Stream>) {
      // Reads after a readiness wait must not block; async operations are unaffected.
      boost::system::error_code ignored;
      self->stream_.non_blocking(true, ignored);
    }
    self->dispatcher_->on_open(self);
    self->do_read();
    self->update_watchdog();
  });
}

// ---- reading -------------------------------------------------------------------------------

template <class Stream>
void BasicSession<Stream>::do_read()
{
  if (read_in_flight_ || read_eof_ || state_ == State::closed) return;
  if (state_ == State::open && !can_dispatch()) {
    maybe_readable_ = true;  // bytes may arrive meanwhile without a new readiness edge
    return;
  }
  read_in_flight_ = true;
  if constexpr (detail::reads_when_ready<Stream>) {
    if (waiting_ && state_ == State::open) {
      if (maybe_readable_) {
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
  if (ec || state_ == State::closed) return on_read(ec, 0);
  detail::ReadBufferPool::borrow(decoder_);
  const MutableBytes space = decoder_.prepare(config_->read_chunk);
  const std::size_t n = stream_.read_some(boost::asio::buffer(space.data(), space.size()), ec);
  if (ec == boost::asio::error::would_block || ec == boost::asio::error::try_again) {
    read_in_flight_ = false;
    maybe_readable_ = false;
    return do_read();
  }
  // A read that filled the space may have left bytes behind; a shorter one emptied the socket.
  maybe_readable_ = !ec && n == space.size();
  // Input again soon after the last: the connection is busy, keep a read in flight from now
  // on. A lone message after a long silence stays on waits.
  const auto now = clock::now();
  if (!ec && last_data_ != clock::time_point{} && now - last_data_ < config_->idle_read_release)
    waiting_ = false;
  on_read(ec, n);
}

template <class Stream>
void BasicSession<Stream>::on_read(boost::system::error_code ec, std::size_t n)
{
  read_in_flight_ = false;
  if (state_ == State::closed) return release_stream();
  if (ec == boost::asio::error::eof) {
    read_eof_ = true;
    // A closing handshake still writing its goodbye finishes first (on_shutdown closes).
    if (state_ == State::lingering && !shutdown_in_flight_) return close_now(reason_, reason_ec_);
    if (state_ != State::open) return;  // finish_draining closes once the queue is out
    if (decoder_.has_partial_frame())
      return begin_close(CloseReason::protocol_error, error::malformed_frame);
    return begin_close(CloseReason::peer_closed, {});
  }
  if (ec == boost::asio::error::operation_aborted) {
    if (!std::exchange(releasing_, false)) return;
    if (state_ == State::open) {
      // The watchdog cancelled an idle read: give the buffer back and wait for readability.
      waiting_ = true;
      maybe_readable_ = true;  // bytes that came with the cancel are read at once
      detail::ReadBufferPool::lend(decoder_);
    }
    return do_read();  // closing meanwhile: a read still watches for the peer's EOF
  }
  releasing_ = false;  // the read completed before the cancel reached it
  if (ec) {
    // A reset while lingering after our FIN is the peer's way of hanging up: not an error.
    if (state_ == State::lingering) return close_now(reason_, reason_ec_);
    return close_now(CloseReason::io_error, ec);
  }
  if (state_ != State::open) return do_read();

  decoder_.commit(n);
  last_read_ = clock::now();
  last_data_ = last_read_;
  if (counters_) counters_->bytes_in.fetch_add(n, std::memory_order_relaxed);
  process_input();
}

template <class Stream>
void BasicSession<Stream>::process_input()
{
  const auto self_ptr = self();
  const SessionPtr as_session = self_ptr;
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
  std::optional<InputScope> input_scope(std::in_place, in_input_);
  decoder_.decode([&](ConstBytes payload) {
    if (!can_dispatch()) return false;
    if (!dispatcher_->on_frame(as_session, payload)) {
      paused_ = true;  // the dispatcher is full; this frame stays buffered for resume
      return false;
    }
    ++frames;
    return true;
  });
  input_scope.reset();
  if (frames) {
    dispatcher_->flush();
    if (counters_) counters_->frames_in.fetch_add(frames, std::memory_order_relaxed);
  }
  if (!write_in_flight_ && !write_queue_.empty() && state_ != State::closed) do_write();

  if (state_ != State::open) return;
  if (const auto ec = decoder_.error()) return begin_close(CloseReason::protocol_error, ec);

  if (!decoder_.has_partial_frame())
    partial_since_.reset();
  else if (!partial_since_)
    partial_since_ = last_read_;

  update_watchdog();
  do_read();  // does nothing while paused or unwritable
}

template <class Stream>
void BasicSession<Stream>::pause_reading()
{
  boost::asio::dispatch(stream_.get_executor(), [self = self()] { self->paused_ = true; });
}

template <class Stream>
void BasicSession<Stream>::stop_input()
{
  boost::asio::dispatch(stream_.get_executor(), [self = self()] { self->input_stopped_ = true; });
}

template <class Stream>
void BasicSession<Stream>::resume_reading()
{
  boost::asio::dispatch(stream_.get_executor(), [self = self()] {
    if (!self->paused_) return;
    self->paused_ = false;
    if (self->state_ != State::open) return;
    // Timeouts were not the peer's fault while we were not reading: restart them.
    self->last_read_ = clock::now();
    if (self->partial_since_) self->partial_since_ = self->last_read_;
    // A read still in flight owns the decoder's buffer; its completion decodes everything.
    if (self->read_in_flight_) return;
    self->process_input();
  });
}

// ---- writing -------------------------------------------------------------------------------

template <class Stream>
void BasicSession<Stream>::send(Frame frame)
{
  if (closed_.load(std::memory_order_acquire)) {
    if (counters_) counters_->frames_dropped.fetch_add(1, std::memory_order_relaxed);
    return;
  }
  boost::asio::dispatch(
      stream_.get_executor(),
      [self = self(), frame = std::move(frame)]() mutable { self->do_send(std::move(frame)); });
}

template <class Stream>
void BasicSession<Stream>::send_payload(ConstBytes payload)
{
  // On the session's own thread nothing needs to cross threads: frame it into the queue.
  if (stream_.get_executor().running_in_this_thread()) return do_send_copy(payload);
  Session::send_payload(payload);
}

template <class Stream>
bool BasicSession<Stream>::may_queue(std::size_t wire_size)
{
  if (state_ == State::closed || state_ == State::lingering) {
    if (counters_) counters_->frames_dropped.fetch_add(1, std::memory_order_relaxed);
    return false;
  }
  if (write_queue_.queued_bytes() + wire_size > config_->max_queued_bytes) {
    close_now(CloseReason::write_overflow, error::write_queue_overflow, true);
    return false;
  }
  return true;
}

template <class Stream>
void BasicSession<Stream>::queued(bool crossed_high_watermark)
{
  if (crossed_high_watermark) {
    set_writable(false);
    unwritable_since_ = clock::now();
    update_watchdog();
  }
  if (counters_) counters_->note_queued(write_queue_.queued_bytes());
  if (!write_in_flight_ && !in_input_) do_write();
}

template <class Stream>
void BasicSession<Stream>::do_send(Frame frame)
{
  if (!may_queue(frame.size())) return;
  queued(write_queue_.push(std::move(frame)));
}

template <class Stream>
void BasicSession<Stream>::do_send_copy(ConstBytes payload)
{
  const Codec& codec = config_->codec;
  const std::size_t wire = wire_size(codec, payload);  // throws as encode() would
  if (wire > WriteQueue::kMaxCopiedFrame) return do_send(encode(codec, as_string_view(payload)));
  if (!may_queue(wire)) return;
  queued(write_queue_.push_copy(wire, [&](MutableBytes out) { encode_to(codec, payload, out); }));
}

template <class Stream>
void BasicSession<Stream>::do_write()
{
  gather_.clear();
  boost::asio::const_buffer first;
  std::size_t buffers = 0;
  write_queue_.stage(config_->max_write_batch_frames, config_->max_write_batch_bytes,
                     [&](ConstBytes bytes) {
                       const boost::asio::const_buffer buffer(bytes.data(), bytes.size());
                       // The common case, one buffer (one packed chunk of replies), needs no
                       // vector: an echo-like session then never allocates one.
                       if (buffers++ == 0) {
                         first = buffer;
                         return;
                       }
                       if (gather_.empty()) gather_.push_back(first);
                       gather_.push_back(buffer);
                     });
  write_in_flight_ = true;
  auto on_written = [self = self()](boost::system::error_code ec, std::size_t n) {
    self->on_write(ec, n);
  };
  if (buffers == 1) return boost::asio::async_write(stream_, first, std::move(on_written));
  // A span, not the vector: the operation copies its buffer sequence, and a vector's copy
  // would allocate on every write.
  boost::asio::async_write(stream_, std::span<const boost::asio::const_buffer>(gather_),
                           std::move(on_written));
}

template <class Stream>
void BasicSession<Stream>::on_write(boost::system::error_code ec, std::size_t n)
{
  write_in_flight_ = false;
  if (state_ == State::closed) return release_stream();
  if (ec) return close_now(CloseReason::io_error, ec);

  if (counters_) {
    counters_->frames_out.fetch_add(write_queue_.staged(), std::memory_order_relaxed);
    counters_->bytes_out.fetch_add(n, std::memory_order_relaxed);
  }
  const bool became_writable = write_queue_.commit_staged();
  if (!write_queue_.empty())
    do_write();
  else if (state_ == State::draining)
    return finish_draining();
  else
    update_watchdog();  // all written: an idle read may now give its buffer back
  if (became_writable) {
    set_writable(true);
    unwritable_since_.reset();
    if (state_ != State::open) return;
    dispatcher_->on_writable(self());
    // Reading stopped while the peer was not taking our replies; frames already buffered
    // go first. A read still in flight owns the buffer and will decode them itself.
    if (!read_in_flight_) process_input();
  }
}

// ---- closing -------------------------------------------------------------------------------

template <class Stream>
void BasicSession<Stream>::close()
{
  boost::asio::dispatch(stream_.get_executor(),
                        [self = self()] { self->begin_close(CloseReason::local_close, {}); });
}

template <class Stream>
void BasicSession<Stream>::stop()
{
  boost::asio::dispatch(stream_.get_executor(), [self = self()] {
    self->begin_close(CloseReason::server_stopping, error::server_stopping);
  });
}

template <class Stream>
void BasicSession<Stream>::begin_close(CloseReason reason, boost::system::error_code ec)
{
  if (state_ != State::open) return;
  state_ = State::draining;
  reason_ = reason;
  reason_ec_ = ec;
  drain_deadline_ = clock::now() + config_->drain_timeout;
  if (!write_in_flight_ && write_queue_.empty()) return finish_draining();
  update_watchdog();
  do_read();
}

template <class Stream>
void BasicSession<Stream>::finish_draining()
{
  using Shutdown = detail::SendShutdown<Stream>;
  state_ = State::lingering;
  linger_deadline_ = clock::now() + config_->linger_timeout;
  if constexpr (Shutdown::asynchronous) {
    // The stream's own closing handshake writes its goodbye and waits for the peer's; the
    // linger deadline bounds it like the wait for a plain peer's EOF.
    shutdown_in_flight_ = true;
    Shutdown::async_shutdown(
        stream_, [self = self()](boost::system::error_code ec) { self->on_shutdown(ec); });
  } else {
    Shutdown::shutdown(stream_);
    if (read_eof_) return close_now(reason_, reason_ec_);
  }
  update_watchdog();
  do_read();
}

template <class Stream>
void BasicSession<Stream>::on_shutdown(boost::system::error_code ec)
{
  shutdown_in_flight_ = false;
  if (state_ == State::closed) return release_stream();
  // Done, or failed because the peer went away meanwhile: either way nothing is left to say.
  static_cast<void>(ec);
  close_now(reason_, reason_ec_);
}

template <class Stream>
void BasicSession<Stream>::close_now(CloseReason reason, boost::system::error_code ec,
                                     bool abortive)
{
  if (state_ == State::closed) return;
  if (state_ == State::open) {
    reason_ = reason;
    reason_ec_ = ec;
  } else if (!reason_ec_) {
    reason_ec_ = ec;  // the failure that cut a graceful close short
  }
  state_ = State::closed;
  closed_.store(true, std::memory_order_release);

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

  dispatcher_->on_close(self(), reason_, reason_ec_);  // must be the last statement
}

template <class Stream>
void BasicSession<Stream>::release_stream()
{
  if (read_in_flight_ || write_in_flight_ || shutdown_in_flight_) return;
  boost::system::error_code ignored;
  stream_.lowest_layer().close(ignored);
  write_queue_.clear();
  decoder_.release_if_empty();
}

// ---- deadlines -----------------------------------------------------------------------------

template <class Stream>
auto BasicSession<Stream>::next_deadline() const -> std::optional<clock::time_point>
{
  using std::chrono::milliseconds;
  std::optional<clock::time_point> next;
  const auto consider = [&next](clock::time_point t) { next = next ? std::min(*next, t) : t; };
  switch (state_) {
    case State::open:
      if (const auto release = read_release_deadline()) consider(*release);
      if (!paused_ && config_->idle_timeout > milliseconds::zero())
        consider(last_read_ + config_->idle_timeout);
      if (!paused_ && partial_since_ && config_->frame_timeout > milliseconds::zero())
        consider(*partial_since_ + config_->frame_timeout);
      if (unwritable_since_) consider(*unwritable_since_ + config_->overflow_timeout);
      break;
    case State::draining:
      consider(drain_deadline_);
      break;
    case State::lingering:
      consider(linger_deadline_);
      break;
    case State::closed:
      break;
  }
  return next;
}

template <class Stream>
auto BasicSession<Stream>::read_release_deadline() const -> std::optional<clock::time_point>
{
  if constexpr (!detail::reads_when_ready<Stream>) {
    return std::nullopt;
  } else {
    // Only a plain read in flight with nothing else pending may be cancelled: a socket's
    // cancel() takes every operation on it.
    if (waiting_ || !read_in_flight_ || releasing_ || paused_ || write_in_flight_ ||
        !write_queue_.empty() || decoder_.has_partial_frame() ||
        config_->idle_read_release == std::chrono::milliseconds::max())
      return std::nullopt;
    return last_read_ + config_->idle_read_release;
  }
}

template <class Stream>
void BasicSession<Stream>::update_watchdog()
{
  const auto next = next_deadline();
  if (!next) return;  // a pending wait, if any, finds nothing due and lapses
  if (watchdog_armed_ && watchdog_.expiry() <= *next) return;
  watchdog_.expires_at(*next);
  watchdog_armed_ = true;
  watchdog_.async_wait([self = self()](boost::system::error_code ec) { self->on_watchdog(ec); });
}

template <class Stream>
void BasicSession<Stream>::on_watchdog(boost::system::error_code ec)
{
  if (ec == boost::asio::error::operation_aborted || state_ == State::closed) return;
  const auto now = clock::now();
  // Re-armed for another time after this wait had already completed: that wait decides.
  if (watchdog_.expiry() > now) return;
  watchdog_armed_ = false;

  using std::chrono::milliseconds;
  switch (state_) {
    case State::open:
      if (const auto release = read_release_deadline(); release && now >= *release) {
        // Quiet for a while: cancel the read in flight (nothing else is pending) so that
        // on_read gives its buffer back and waits for readability instead.
        releasing_ = true;
        boost::system::error_code ignored;
        stream_.lowest_layer().cancel(ignored);
      }
      if (unwritable_since_ && now >= *unwritable_since_ + config_->overflow_timeout)
        return close_now(CloseReason::write_overflow, error::write_queue_overflow, true);
      if (!paused_ && partial_since_ && config_->frame_timeout > milliseconds::zero() &&
          now >= *partial_since_ + config_->frame_timeout)
        return begin_close(CloseReason::frame_timeout, error::frame_timeout);
      if (!paused_ && config_->idle_timeout > milliseconds::zero() &&
          now >= last_read_ + config_->idle_timeout)
        return begin_close(CloseReason::idle_timeout, error::idle_timeout);
      break;
    case State::draining:
      if (now >= drain_deadline_) return close_now(reason_, error::drain_timeout, true);
      break;
    case State::lingering:
      if (now >= linger_deadline_) return close_now(reason_, reason_ec_);
      break;
    case State::closed:
      return;
  }
  update_watchdog();
}

}  // namespace proactor
