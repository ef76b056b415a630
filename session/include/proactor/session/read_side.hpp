#pragma once

#include <atomic>
#include <chrono>
#include <cstddef>
#include <cstdint>

namespace proactor::detail {

/// What decides whether a session reads: its gates, and for streams read on readiness the
/// idle-read policy. Sans-io: the session asks it and reports what its reads returned.
///
/// Gates (any one stops frames from reaching the handler):
/// - paused: the application's `pause_reading`, or a full logic-thread lane;
/// - held: other sessions' flow control (`Session::hold_reading`), counted, because several
///   recipients may hold one sender at once; the only part touched from other threads;
/// - input stopped: the server is stopping, for good.
///
/// Idle-read policy: a connection whose input keeps coming keeps a read (and its buffer) in
/// flight, which is cheapest per message; one that went quiet only waits for readability and
/// holds no buffer. Asio's reactor reports readiness edge-triggered, so after a gate, at
/// start or after a read that filled its space the socket may hold bytes that no new edge
/// will announce: `maybe_readable` says to try a read at once instead of waiting.
/// Not thread safe except `hold`, `release` and `held`: the session's executor owns it.
class ReadSide
{
 public:
  using clock = std::chrono::steady_clock;

  /// A read side whose connection counts as busy when data comes again within
  /// `idle_read_release` of the last.
  explicit ReadSide(std::chrono::milliseconds idle_read_release) noexcept
      : idle_read_release_(idle_read_release)
  {}

  /// Pauses reading for the application.
  void pause() noexcept { paused_ = true; }
  /// Ends an application pause; true if reading was paused.
  bool resume() noexcept;
  /// Another session holds this one's reading. Any thread.
  void hold() noexcept { holds_.fetch_add(1, std::memory_order_acq_rel); }
  /// Ends one hold; true when it was the last one. Any thread.
  bool release() noexcept { return holds_.fetch_sub(1, std::memory_order_acq_rel) == 1; }
  /// Stops handing frames over, for good.
  void stop_input() noexcept { input_stopped_ = true; }

  /// True while the application paused reading.
  bool paused() const noexcept { return paused_; }
  /// True while another session holds this one's reading. Any thread.
  bool held() const noexcept { return holds_.load(std::memory_order_acquire) != 0; }
  /// True while frames may not be handed over: paused, held or input stopped.
  bool gated() const noexcept { return paused_ || input_stopped_ || held(); }

  /// The peer sent its EOF: nothing more will arrive.
  void on_eof() noexcept { eof_ = true; }
  /// True once the peer's EOF arrived.
  bool eof() const noexcept { return eof_; }

  /// True while reading waits for readability holding no buffer, false while the
  /// connection is busy and keeps a read in flight.
  bool waits() const noexcept { return waiting_; }
  /// True when bytes may be waiting that no readiness edge will announce: read at once.
  bool maybe_readable() const noexcept { return maybe_readable_; }
  /// Reading stopped at a gate: bytes may arrive meanwhile without a new edge.
  void on_gated() noexcept { maybe_readable_ = true; }
  /// A read after readiness found nothing: wait for the next edge.
  void on_empty() noexcept { maybe_readable_ = false; }
  /// A read after readiness returned `n` of the `asked` bytes at `now`: a full read may
  /// have left bytes behind, and input soon after the last makes the connection busy.
  void on_ready_read(clock::time_point now, std::size_t n, std::size_t asked) noexcept;
  /// Bytes were committed at `now` (any read).
  void on_data(clock::time_point now) noexcept { last_data_ = now; }

  /// The read in flight is being cancelled to give its buffer back.
  void begin_release() noexcept { releasing_ = true; }
  /// True while such a cancel is on its way.
  bool releasing() const noexcept { return releasing_; }
  /// A read completed; `aborted` if by a cancel. True when the cancel was the release's:
  /// the connection went quiet, and reading waits again (bytes that came with the cancel
  /// are read at once).
  bool end_release(bool aborted) noexcept;

 private:
  std::chrono::milliseconds idle_read_release_;
  std::atomic<std::uint32_t> holds_{0};  // other sessions' holds: atomic, they come from anywhere
  bool paused_ = false;                  // the application's (or a full lane's) pause
  bool input_stopped_ = false;           // the server is stopping: no frame is handed over again
  bool eof_ = false;                     // the peer's FIN came: no read is started again
  bool waiting_ = true;                  // quiet connection: wait for readiness, hold no buffer
  bool maybe_readable_ = true;           // bytes may be there that no readiness edge announces
  bool releasing_ = false;               // our cancel of a quiet read is on its way
  clock::time_point last_data_{};        // epoch: never
};

}  // namespace proactor::detail
