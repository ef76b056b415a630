#pragma once

#include <proactor/session/close_state.hpp>
#include <proactor/session/session_config.hpp>

#include <chrono>
#include <optional>

namespace proactor::detail {

/// A session's timeouts as points in time, and which of them is due. Sans-io: the session
/// tells it what happened and when, asks for the next deadline to arm its one timer at, and
/// asks what is due when the timer fires; tests drive it with made-up time points.
///
/// - idle: the last byte received + `idle_timeout`;
/// - frame: the start of a frame still incomplete + `frame_timeout`;
/// - overflow: unwritable and no write completed for `overflow_timeout` (a peer that reads
///   slowly keeps its connection; one that stopped reading loses it);
/// - drain and linger: from the moment each phase began;
/// - read release: a busy connection gone quiet gives its read buffer back.
/// Idle and frame deadlines do not run while reading is gated (paused or held): the peer is
/// not at fault for bytes we do not read, and both restart when reading resumes.
/// Not thread safe: the session's executor owns it.
class SessionDeadlines
{
 public:
  using clock = std::chrono::steady_clock;
  using time_point = clock::time_point;

  /// What the timer found due, most severe first.
  enum class Due
  {
    none,
    overflow,      // close at once: the peer stopped reading
    frame,         // close gracefully: a frame took too long
    idle,          // close gracefully: nothing arrived for too long
    drain,         // a graceful close took too long: close at once
    linger,        // the peer did not answer our FIN in time: close
    release_read,  // give the read buffer back (not a close)
  };

  /// Deadlines for a session with `config`'s timeouts; `config` must outlive this.
  explicit SessionDeadlines(const SessionConfig& config) noexcept : config_(config) {}

  /// The session started reading at `now`.
  void started(time_point now) noexcept { last_read_ = now; }
  /// Bytes arrived at `now`.
  void on_input(time_point now) noexcept { last_read_ = now; }
  /// The bytes so far were cut into frames; `partial`: one is left incomplete, started
  /// with the last input if it was not already.
  void on_decoded(bool partial) noexcept;
  /// Reading resumed after a gate at `now`: idle and frame deadlines start over.
  void on_resume(time_point now) noexcept;
  /// The write queue crossed its high watermark at `now`.
  void on_unwritable(time_point now) noexcept;
  /// A write completed at `now`: an unwritable peer is still reading.
  void on_write_progress(time_point now) noexcept;
  /// The write queue fell back to its low watermark.
  void on_writable() noexcept { stalled_since_.reset(); }
  /// A graceful close began draining at `now`.
  void on_drain(time_point now) noexcept { drain_deadline_ = now + config_.drain_timeout; }
  /// The FIN went out at `now`.
  void on_linger(time_point now) noexcept { linger_deadline_ = now + config_.linger_timeout; }

  /// The earliest deadline that applies in `phase`, or none. `gated`: reading is paused or
  /// held; `may_release`: the read in flight may be cancelled to give its buffer back.
  std::optional<time_point> next(CloseState::Phase phase, bool gated,
                                 bool may_release) const noexcept;
  /// What is due at `now` (the most severe if several), with the same arguments.
  Due due(time_point now, CloseState::Phase phase, bool gated, bool may_release) const noexcept;

  /// When bytes last arrived (or reading started or resumed).
  time_point last_read() const noexcept { return last_read_; }
  /// True while a frame is incomplete.
  bool partial() const noexcept { return partial_since_.has_value(); }

 private:
  std::optional<time_point> idle_at(bool gated) const noexcept;
  std::optional<time_point> frame_at(bool gated) const noexcept;
  std::optional<time_point> overflow_at() const noexcept;
  std::optional<time_point> release_at(bool may_release) const noexcept;

  const SessionConfig& config_;
  time_point last_read_{};
  std::optional<time_point> partial_since_;
  std::optional<time_point> stalled_since_;  // unwritable, and no write completed since
  time_point drain_deadline_{};
  time_point linger_deadline_{};
};

}  // namespace proactor::detail
