#pragma once

// A session is a few sans-io parts and the glue that drives them with Asio, all on the
// session's executor (so no mutex):
//
//   ReadSide        gates (paused, held by other sessions, input stopped), idle-read policy
//   FrameDecoder    bytes -> frames                          (net/frame_decoder.hpp)
//   WriteQueue      frames -> gathered writes, watermarks    (write_queue.hpp)
//   SessionDeadlines idle, frame, overflow, drain, linger     (session_deadlines.hpp)
//   CloseState      open -> draining -> lingering -> closed  (close_state.hpp)
//   ProducerHolds   senders held while this session is above its high watermark
//
// The glue is split by concern: impl/basic_session.hpp (construction, start, the public
// calls), impl/basic_session_read.hpp (do_read/on_read, handing frames over),
// impl/basic_session_write.hpp (do_send, do_write/on_write, watermarks and holds),
// impl/basic_session_close.hpp (the close path and the watchdog timer).
//
// No handler callback runs inside a call the application made: what `send`, `close`,
// `resume_reading` or `release_reading` cause reaches the dispatcher through a post.

#include <proactor/net/frame_decoder.hpp>
#include <proactor/session/close_state.hpp>
#include <proactor/session/dispatcher.hpp>
#include <proactor/session/producer_holds.hpp>
#include <proactor/session/read_side.hpp>
#include <proactor/session/session.hpp>
#include <proactor/session/session_config.hpp>
#include <proactor/session/session_deadlines.hpp>
#include <proactor/session/traffic_counters.hpp>
#include <proactor/session/write_queue.hpp>

#include <boost/asio/basic_stream_socket.hpp>
#include <boost/asio/basic_waitable_timer.hpp>
#include <boost/asio/buffer.hpp>
#include <boost/asio/execution/context.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/query.hpp>
#include <boost/asio/socket_base.hpp>

#include <atomic>
#include <chrono>
#include <memory>
#include <optional>
#include <vector>

namespace proactor {

namespace detail {
/// True for streams read by waiting for readability and then reading without blocking into
/// a borrowed buffer (the idle-friendly path); other streams keep a read in flight.
template <class Stream>
inline constexpr bool reads_when_ready = false;

/// How a stream ends its sending side once everything queued is written: the one step of a
/// graceful close that differs per stream. Plain TCP sends its FIN at once. A stream with a
/// closing handshake of its own specialises this with `asynchronous = true` and
/// `static void async_shutdown(Stream&, Handler)` (TLS: close_notify, then the peer's answer).
template <class Stream>
struct SendShutdown
{
  static constexpr bool asynchronous = false;
  static void shutdown(Stream& stream)
  {
    boost::system::error_code ignored;
    stream.lowest_layer().shutdown(boost::asio::socket_base::shutdown_send, ignored);
  }
};
}  // namespace detail

/// A TCP socket bound to an `io_context` executor (no type-erased executor on the hot path).
using TcpSocket =
    boost::asio::basic_stream_socket<boost::asio::ip::tcp, boost::asio::io_context::executor_type>;

/// The session logic, generic over the byte stream (a TCP socket; `TlsStream` in proactor::tls).
/// Bodies live in impl/basic_session.hpp and are compiled once per stream type in session/src.
template <class Stream>
class BasicSession final : public Session
{
 public:
  using executor_type = typename Stream::executor_type;

  /// Takes a connected stream. `config` and `dispatcher` are shared by many sessions;
  /// `counters` may be null; `keepalive` (optional) is held until the session is destroyed,
  /// e.g. the io_context the stream lives on. Any thread; call `start()` next.
  BasicSession(Stream stream, SessionId id, std::shared_ptr<const SessionConfig> config,
               std::shared_ptr<Dispatcher> dispatcher, TrafficCounters* counters = nullptr,
               std::shared_ptr<void> keepalive = {});

  /// Reports `on_open` and starts the read loop. Call once; thread safe (posts).
  void start();

  void send(Frame frame) override;
  void send(Frame frame, const SessionPtr& from) override;
  void close() override;
  void stop() override;
  void pause_reading() override;
  void resume_reading() override;
  void stop_input() override;
  void hold_reading() override;
  void release_reading() override;
  const Codec& codec() const noexcept override { return config_->codec; }

  /// The session's executor. Any thread.
  executor_type get_executor() noexcept { return stream_.get_executor(); }
  /// The underlying stream, e.g. for socket options. Only on the session's executor.
  Stream& stream() noexcept { return stream_; }

 protected:
  void send_payload(ConstBytes payload) override;

 private:
  using clock = std::chrono::steady_clock;
  using timer_type =
      boost::asio::basic_waitable_timer<clock, boost::asio::wait_traits<clock>, executor_type>;
  using Phase = detail::CloseState::Phase;

  std::shared_ptr<BasicSession> self()
  {
    return std::static_pointer_cast<BasicSession>(shared_from_this());
  }
  bool can_dispatch() const noexcept
  {
    return state_.open() && !read_.gated() &&
           (write_queue_.writable() || !config_->pause_reading_while_unwritable);
  }
  bool may_release_read() const noexcept;
  template <class Fn>
  void post_self(Fn fn);
  // Which thread this session runs on, as a send batch tells them apart.
  const void* batch_context() noexcept
  {
    return &boost::asio::query(stream_.get_executor(), boost::asio::execution::context);
  }

  // impl/basic_session_read.hpp
  void do_read();
  void on_readable(boost::system::error_code ec);
  void on_read(boost::system::error_code ec, std::size_t n);
  void process_input();
  void resume_input();
  // impl/basic_session_write.hpp
  void do_send(Frame frame);
  void do_send_copy(ConstBytes payload);
  bool may_queue(std::size_t wire_size);
  void queued(bool crossed_high_watermark);
  void adopt_hold(const SessionPtr& producer);
  void do_write();
  void on_write(boost::system::error_code ec, std::size_t n);
  void became_writable();
  // impl/basic_session_close.hpp
  void begin_close(CloseReason reason, boost::system::error_code ec);
  void finish_draining();
  void on_shutdown(boost::system::error_code ec);
  void close_now(CloseReason reason, boost::system::error_code ec, bool abortive = false);
  void release_stream();
  void update_watchdog();
  void on_watchdog(boost::system::error_code ec);

  std::shared_ptr<void> keepalive_;  // first: destroyed after the stream and the timer
  Stream stream_;
  timer_type watchdog_;
  std::shared_ptr<const SessionConfig> config_;
  std::shared_ptr<Dispatcher> dispatcher_;
  TrafficCounters* counters_;
  FrameDecoder decoder_;
  WriteQueue write_queue_;
  std::vector<boost::asio::const_buffer> gather_;
  detail::ReadSide read_;
  detail::SessionDeadlines deadlines_;
  detail::CloseState state_;
  detail::ProducerHolds holds_;
  // Keeps the session alive while reading is gated and nothing else is pending (a held or
  // paused session has no operation of its own in flight); cleared when reading resumes
  // or the session closes.
  std::shared_ptr<BasicSession> parked_;

  // Read by other threads: send() drops once closed (after the close nothing is posted, so
  // no handler sits in a stopped context holding the session); queued_ mirrors the write
  // queue's bytes and inbound_ counts bytes posted to it but not queued yet, for the hold
  // decision `send(frame, from)` makes on the caller's thread.
  std::atomic<bool> closed_{false};
  std::atomic<std::size_t> queued_{0};
  std::atomic<std::size_t> inbound_{0};

  bool read_in_flight_ = false;      // a read or readiness wait is pending: it owns the buffer
  bool write_in_flight_ = false;     // a gathered write is pending: it owns the staged frames
  bool shutdown_in_flight_ = false;  // an asynchronous SendShutdown is under way
  bool in_input_ = false;            // handling a read's frames: sends queue, the write waits
  bool watchdog_armed_ = false;      // a timer wait is pending (at watchdog_.expiry())
};

/// The session type the server and the connector use.
using TcpSession = BasicSession<TcpSocket>;

namespace detail {
template <>
inline constexpr bool reads_when_ready<TcpSocket> = true;
}  // namespace detail

// Compiled once in session/src/tcp_session.cpp; a new stream type includes
// <proactor/session/impl/basic_session.hpp> in one .cpp and instantiates it there.
extern template class BasicSession<TcpSocket>;

}  // namespace proactor
