#pragma once

#include <proactor/session/close_reason.hpp>

#include <boost/system/error_code.hpp>

#include <cstdint>

namespace proactor::detail {

/// Where a session is in its life, and why it ends. Sans-io: the session moves it and acts
/// on the answers.
///
///     open ──begin_drain──> draining ──begin_linger──> lingering ──close──> closed
///       └──────────────────────────── close (error, overflow) ──────────────┘
///
/// draining: no more frames are handed to the handler, queued frames are still written;
/// lingering: our FIN is out, the peer's bytes are discarded until its EOF, so that our
/// close is not a reset that destroys the last replies. The first reason given wins.
/// Not thread safe: the session's executor owns it.
class CloseState
{
 public:
  enum class Phase : std::uint8_t
  {
    open,
    draining,
    lingering,
    closed
  };

  /// The current phase.
  Phase phase() const noexcept { return phase_; }
  /// True until a close of any kind began.
  bool open() const noexcept { return phase_ == Phase::open; }
  /// True once the session ended.
  bool closed() const noexcept { return phase_ == Phase::closed; }
  /// True while frames handed to `send` are still queued and written (open or draining).
  bool accepts_frames() const noexcept
  {
    return phase_ == Phase::open || phase_ == Phase::draining;
  }

  /// Starts a graceful close for `reason`. False (nothing changes) unless open.
  bool begin_drain(CloseReason reason, boost::system::error_code ec) noexcept
  {
    if (phase_ != Phase::open) return false;
    phase_ = Phase::draining;
    reason_ = reason;
    ec_ = ec;
    return true;
  }

  /// Everything queued is written: the sending side ends. Only from draining.
  void begin_linger() noexcept
  {
    if (phase_ == Phase::draining) phase_ = Phase::lingering;
  }

  /// Ends the session. From open, `reason` and `ec` are its reason; during a graceful close
  /// the reason already given stays and `ec` only fills in a missing detail (the failure
  /// that cut the close short). False if it had already ended.
  bool close(CloseReason reason, boost::system::error_code ec) noexcept
  {
    if (phase_ == Phase::closed) return false;
    if (phase_ == Phase::open) {
      reason_ = reason;
      ec_ = ec;
    } else if (!ec_) {
      ec_ = ec;
    }
    phase_ = Phase::closed;
    return true;
  }

  /// Why the session ends (meaningful once not open).
  CloseReason reason() const noexcept { return reason_; }
  /// The detail of `reason()`: an Asio error, a `proactor::error`, or empty.
  boost::system::error_code error() const noexcept { return ec_; }

 private:
  Phase phase_ = Phase::open;
  CloseReason reason_ = CloseReason::local_close;
  boost::system::error_code ec_;
};

}  // namespace proactor::detail
