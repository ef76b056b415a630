#pragma once

// BasicSession's write path: do_send queues a frame (holding its producer if this session
// is above its high watermark), do_write stages what is queued into one gathered write,
// on_write drops it and, back at the low watermark, releases the producers.

#include <proactor/net/error.hpp>
#include <proactor/session/basic_session.hpp>

#include <boost/asio/post.hpp>
#include <boost/asio/write.hpp>

#include <span>

namespace proactor {

template <class Stream>
bool BasicSession<Stream>::may_queue(std::size_t wire_size)
{
  if (!state_.accepts_frames()) {
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
  queued_.store(write_queue_.queued_bytes(), std::memory_order_relaxed);
  if (counters_) counters_->note_queued(write_queue_.queued_bytes());
  if (crossed_high_watermark) {
    set_writable(false);
    deadlines_.on_unwritable(clock::now());
    update_watchdog();
    // Posted: a send is the application's call, and no callback runs inside one.
    post_self([](BasicSession& self) {
      if (self.state_.open()) self.dispatcher_->on_unwritable(self.self());
    });
  }
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
void BasicSession<Stream>::adopt_hold(const SessionPtr& producer)
{
  // Drained (or gone) meanwhile: nothing to wait for.
  if (state_.closed() || write_queue_.writable()) return producer->release_reading();
  if (holds_.adopt(producer) && counters_) counters_->holds.fetch_add(1, std::memory_order_relaxed);
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
  if (state_.closed()) return release_stream();
  if (ec) return close_now(CloseReason::io_error, ec);

  if (counters_) {
    counters_->frames_out.fetch_add(write_queue_.staged(), std::memory_order_relaxed);
    counters_->bytes_out.fetch_add(n, std::memory_order_relaxed);
  }
  const bool writable_again = write_queue_.commit_staged();
  queued_.store(write_queue_.queued_bytes(), std::memory_order_relaxed);
  if (!writable()) deadlines_.on_write_progress(clock::now());  // the clock only when stalled
  if (writable_again) {
    set_writable(true);
    deadlines_.on_writable();
    holds_.release_all();  // the producers resume on their own threads
  }
  if (!write_queue_.empty())
    do_write();
  else if (state_.phase() == Phase::draining)
    return finish_draining();
  else
    update_watchdog();  // all written: an idle read may now give its buffer back
  if (writable_again) became_writable();
}

template <class Stream>
void BasicSession<Stream>::became_writable()
{
  if (!state_.open()) return;
  dispatcher_->on_writable(self());
  // Reading stopped while the peer was not taking our replies; frames already buffered
  // go first. A read still in flight owns the buffer and will decode them itself.
  if (!read_in_flight_) process_input();
}

}  // namespace proactor
