#pragma once

// How a session spends its life (all on the session's executor, so no mutex):
//
//   reader:   do_read ──async_read_some──> on_read ──decode──> Dispatcher::on_frame ─┐
//               ^                                                                    │
//               └── unless paused (job queue full), unwritable, or closing ◄─────────┘
//             (unwritable: the peer does not read our replies, so we stop reading its
//              requests; memory stays at the high watermark plus one reply)
//   writer:   send ─post─> do_send ─push─> WriteQueue ─stage─> do_write ──async_write──> on_write
//                                                    ^                                   │
//                                                    └───── more queued meanwhile ◄──────┘
//   watchdog: one steady_timer set to the earliest deadline that applies:
//             idle (last byte + idle_timeout), frame (partial frame start + frame_timeout),
//             overflow (unwritable since + overflow_timeout), drain, linger.
//             Reads only move a deadline; the timer re-arms itself when it fires early.
//
//   open ──close/stop/EOF/timeout──> draining ──queue flushed──> lingering ──EOF──> closed
//     └──────────────── I/O error, overflow ─────────────────────────────────────────┘
//   (draining: no more frames dispatched, queued frames still written;
//    lingering: FIN sent, peer bytes discarded until its EOF so that our close is no RST)

#include <proactor/net/frame_decoder.hpp>
#include <proactor/session/dispatcher.hpp>
#include <proactor/session/session.hpp>
#include <proactor/session/session_config.hpp>
#include <proactor/session/traffic_counters.hpp>
#include <proactor/session/write_queue.hpp>

#include <boost/asio/basic_stream_socket.hpp>
#include <boost/asio/basic_waitable_timer.hpp>
#include <boost/asio/buffer.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
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
  void close() override;
  void stop() override;
  void pause_reading() override;
  void resume_reading() override;
  void stop_input() override;
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
  enum class State : std::uint8_t
  {
    open,
    draining,
    lingering,
    closed
  };

  std::shared_ptr<BasicSession> self()
  {
    return std::static_pointer_cast<BasicSession>(shared_from_this());
  }

  bool can_dispatch() const noexcept
  {
    return state_ == State::open && !paused_ && !input_stopped_ &&
           (write_queue_.writable() || !config_->pause_reading_while_unwritable);
  }
  void do_read();
  void on_readable(boost::system::error_code ec);
  void on_read(boost::system::error_code ec, std::size_t n);
  void process_input();
  void do_send(Frame frame);
  void do_send_copy(ConstBytes payload);
  bool may_queue(std::size_t wire_size);
  void queued(bool crossed_high_watermark);
  void do_write();
  void on_write(boost::system::error_code ec, std::size_t n);
  void begin_close(CloseReason reason, boost::system::error_code ec);
  void finish_draining();
  void on_shutdown(boost::system::error_code ec);
  void close_now(CloseReason reason, boost::system::error_code ec, bool abortive = false);
  void release_stream();
  std::optional<clock::time_point> next_deadline() const;
  std::optional<clock::time_point> read_release_deadline() const;
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

  State state_ = State::open;
  // Set once closed, read by send() on any thread: after the close nothing is posted, so
  // no handler can sit in a stopped context holding the session.
  std::atomic<bool> closed_{false};
  bool read_in_flight_ = false;
  bool write_in_flight_ = false;
  bool shutdown_in_flight_ = false;  // an asynchronous SendShutdown is under way
  bool in_input_ = false;            // handling a read's frames: sends queue, the write waits
  // Plain TCP reads wait for readability and then read without blocking. The socket's
  // readiness is edge-triggered in Asio's reactor, so a wait is only started once a read
  // found the socket empty; until then (at start, after a full read, after a pause) the next
  // read is tried at once.
  bool maybe_readable_ = true;
  bool waiting_ = true;            // reading by readiness waits (idle) rather than a read in flight
  bool releasing_ = false;         // the read in flight was cancelled to give its buffer back
  clock::time_point last_data_{};  // when bytes last arrived; epoch: never
  bool paused_ = false;
  bool input_stopped_ = false;
  bool read_eof_ = false;
  bool watchdog_armed_ = false;
  CloseReason reason_ = CloseReason::local_close;
  boost::system::error_code reason_ec_;

  clock::time_point last_read_;
  std::optional<clock::time_point> partial_since_;
  std::optional<clock::time_point> unwritable_since_;
  clock::time_point drain_deadline_;
  clock::time_point linger_deadline_;
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
