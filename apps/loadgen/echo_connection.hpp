#pragma once

#include "loadgen/run_result.hpp"
#include "loadgen/schedule.hpp"

#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>

#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <vector>

namespace boost::asio::ssl {
class context;
template <typename Stream>
class stream;
}  // namespace boost::asio::ssl

namespace proactor::loadgen {

/// One connection to an echo server: sends u32-framed patterned frames, checks that every
/// byte comes back in order, and times each frame's round trip.
///
/// Deliberately plain Asio on a socket rather than a framework session: an instrument must
/// cost far less than what it measures, and must not share code with it. Each frame carries
/// its sequence number in its first 8 payload bytes, so a reply that is early, late or
/// corrupted is caught by a byte comparison. All members run on the owning worker's thread.
class EchoConnection
{
 public:
  /// Called once when the connection has finished its phase (all replies in) or failed.
  using Done = std::function<void()>;

  /// A connection numbered `id` (which varies the pattern) with frames of `size` payload
  /// bytes, at most `in_flight` of them unanswered (closed loop) or `open_loop_capacity` (open
  /// loop), on `io`; over TLS when `tls` is set (it must outlive the connection).
  EchoConnection(boost::asio::io_context& io, std::size_t id, std::size_t size,
                 std::size_t in_flight, std::size_t open_loop_capacity, RunResult& result,
                 boost::asio::ssl::context* tls = nullptr);
  ~EchoConnection();
  EchoConnection(const EchoConnection&) = delete;
  EchoConnection& operator=(const EchoConnection&) = delete;

  /// Connects to `server` (and runs the TLS handshake); `done` reports success or failure
  /// (then `failed()` is true).
  void connect(const boost::asio::ip::tcp::endpoint& server, Done done);

  /// Runs a phase: closed loop (`interval` zero: each reply releases the next frame) or open
  /// loop (one frame every `interval`, whatever the replies do). `done` runs once every frame
  /// sent has come back, or on failure.
  void run(const Schedule& schedule, Clock::duration interval, Done done);

  /// Fails the connection if frames are outstanding and none came back since `since`.
  void check_stalled(Clock::time_point since, Clock::time_point now);

  /// Closes the socket and cancels the timer; pending handlers finish with an error.
  void close();

  /// True once the connection failed (an error was counted).
  bool failed() const noexcept { return failed_; }

 private:
  void fail(const std::string& what);
  void connected();
  // Calls `fn` with the stream the frames travel on: the TLS stream or the bare socket.
  template <class Fn>
  void with_stream(Fn&& fn);
  void finish();
  void queue_frame(Clock::time_point intended);
  void start_write();
  void do_read();
  void read_ready();
  void on_read(boost::system::error_code ec, std::size_t bytes);
  void consume(const std::uint8_t* data, std::size_t size, Clock::time_point now);
  bool matches(const std::uint8_t* data, std::size_t offset, std::size_t size) const;
  void on_reply(Clock::time_point now);
  void arm_open_loop();
  void on_open_loop_tick();
  bool may_send(Clock::time_point when) const;
  bool more_to_send(Clock::time_point now) const;

  boost::asio::ip::tcp::socket socket_;
  std::unique_ptr<boost::asio::ssl::stream<boost::asio::ip::tcp::socket&>> tls_;
  boost::asio::steady_timer timer_;
  std::size_t id_;
  std::size_t wire_size_;
  std::size_t seq_bytes_;            // how many payload bytes carry the sequence number
  std::vector<std::uint8_t> frame_;  // the pattern every frame follows
  std::size_t in_flight_limit_;
  std::vector<Clock::time_point> sent_at_;  // ring indexed by sequence number
  RunResult& result_;
  Done done_;

  Schedule schedule_{};
  Clock::duration interval_{};
  Clock::time_point next_due_{};
  std::uint64_t sent_ = 0;        // frames queued so far
  std::uint64_t phase_sent_ = 0;  // of them, in this phase
  std::uint64_t received_ = 0;    // frames fully echoed so far
  std::size_t recv_offset_ = 0;   // bytes of frame `received_` seen so far
  Clock::time_point last_progress_{};

  std::vector<std::uint8_t> pending_;  // frames queued while a write is in flight
  std::vector<std::uint8_t> writing_;  // the frames being written
  bool write_in_flight_ = false;
  std::vector<std::uint8_t> input_;
  bool read_filled_ = false;  // the last read filled input_: more may wait, unannounced
  bool failed_ = false;
  bool finished_ = false;  // the current phase (or the connect) has reported
  bool closing_ = false;
};

}  // namespace proactor::loadgen
