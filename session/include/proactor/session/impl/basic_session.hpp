#pragma once

// The glue of BasicSession (basic_session.hpp explains the parts): construction, start and
// the calls the application makes. The read, write and close paths follow in the three
// files included at the end.

#include <proactor/net/error.hpp>
#include <proactor/session/basic_session.hpp>
#include <proactor/session/endpoint.hpp>
#include <proactor/session/send_batch.hpp>

#include <boost/asio/dispatch.hpp>
#include <boost/asio/post.hpp>

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
      write_queue_(config_->low_watermark, config_->high_watermark),
      read_(config_->idle_read_release),
      deadlines_(*config_)
{}

template <class Stream>
void BasicSession<Stream>::start()
{
  boost::asio::dispatch(stream_.get_executor(), [self = self()] {
    self->deadlines_.started(clock::now());
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

template <class Stream>
template <class Fn>
void BasicSession<Stream>::post_self(Fn fn)
{
  flush_send_batch();
  boost::asio::post(stream_.get_executor(),
                    [self = self(), fn = std::move(fn)]() mutable { fn(*self); });
}

template <class Stream>
void BasicSession<Stream>::send(Frame frame)
{
  if (closed_.load(std::memory_order_acquire)) {
    if (counters_) counters_->frames_dropped.fetch_add(1, std::memory_order_relaxed);
    return;
  }
  if (!stream_.get_executor().running_in_this_thread()) {
    if (SendBatch* batch = SendBatch::current()) {
      if (batch->add(self(), batch_context(), frame)) return;
      batch->flush();
    }
  }
  boost::asio::dispatch(
      stream_.get_executor(),
      [self = self(), frame = std::move(frame)]() mutable { self->do_send(std::move(frame)); });
}

template <class Stream>
void BasicSession<Stream>::send(Frame frame, const SessionPtr& from)
{
  if (closed_.load(std::memory_order_acquire)) {
    if (counters_) counters_->frames_dropped.fetch_add(1, std::memory_order_relaxed);
    return;
  }
  // Decided here, on the producer's thread, so that it stops before its next frame: the
  // bytes this session will have once everything on its way to it arrived.
  const std::size_t size = frame.size();
  const std::size_t ahead =
      queued_.load(std::memory_order_relaxed) + inbound_.fetch_add(size, std::memory_order_relaxed);
  const bool hold = from && from.get() != this && ahead + size > config_->high_watermark;
  if (hold) from->hold_reading();
  flush_send_batch();
  boost::asio::dispatch(stream_.get_executor(),
                        [self = self(), frame = std::move(frame),
                         producer = hold ? from : SessionPtr{}, size]() mutable {
                          self->inbound_.fetch_sub(size, std::memory_order_relaxed);
                          self->do_send(std::move(frame));
                          if (producer) self->adopt_hold(producer);
                        });
}

template <class Stream>
void BasicSession<Stream>::send_payload(ConstBytes payload)
{
  // On the session's own thread nothing needs to cross threads: frame it into the queue.
  if (stream_.get_executor().running_in_this_thread()) return do_send_copy(payload);
  if (SendBatch* batch = SendBatch::current()) {
    if (batch->add(self(), batch_context(), payload)) return;
    batch->flush();
  }
  Session::send_payload(payload);
}

template <class Stream>
void BasicSession<Stream>::close()
{
  flush_send_batch();
  boost::asio::dispatch(stream_.get_executor(),
                        [self = self()] { self->begin_close(CloseReason::local_close, {}); });
}

template <class Stream>
void BasicSession<Stream>::stop()
{
  flush_send_batch();
  boost::asio::dispatch(stream_.get_executor(), [self = self()] {
    self->begin_close(CloseReason::server_stopping, error::server_stopping);
  });
}

template <class Stream>
void BasicSession<Stream>::pause_reading()
{
  flush_send_batch();
  boost::asio::dispatch(stream_.get_executor(), [self = self()] { self->read_.pause(); });
}

template <class Stream>
void BasicSession<Stream>::resume_reading()
{
  // Posted even on the session's own thread: resuming hands buffered frames to the handler,
  // which must not happen inside the handler's own call.
  post_self([](BasicSession& self) {
    if (self.read_.resume()) self.resume_input();
  });
}

template <class Stream>
void BasicSession<Stream>::stop_input()
{
  flush_send_batch();
  boost::asio::dispatch(stream_.get_executor(), [self = self()] { self->read_.stop_input(); });
}

template <class Stream>
void BasicSession<Stream>::hold_reading()
{
  // An atomic count, not a post: a producer held from its own handler must not read on
  // before the post would have run.
  read_.hold();
}

template <class Stream>
void BasicSession<Stream>::release_reading()
{
  if (read_.release()) post_self([](BasicSession& self) { self.resume_input(); });
}

template <class Stream>
bool BasicSession<Stream>::may_release_read() const noexcept
{
  if constexpr (!detail::reads_when_ready<Stream>) {
    return false;
  } else {
    // Only a plain read in flight with nothing else pending may be cancelled: a socket's
    // cancel() takes every operation on it.
    return read_in_flight_ && !read_.waits() && !read_.releasing() && !read_.gated() &&
           !write_in_flight_ && write_queue_.empty();
  }
}

}  // namespace proactor

#include <proactor/session/impl/basic_session_close.hpp>
#include <proactor/session/impl/basic_session_read.hpp>
#include <proactor/session/impl/basic_session_write.hpp>
